package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.REV_3;
import static dev.sluice.analysis.Canaries.failing;
import static dev.sluice.analysis.Canaries.primary;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.workload.Readiness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionChangeTest {

  @Test
  void revisionChangeMidAnalysisRestartsAtWeightZero() {
    // given a run of rev-2 at weight 30 with a failed check on record
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(failing(REV_2, "latency"));
    rollout.tick(seen(REV_2));
    assertEquals(30, rollout.status().getCanaryWeight());

    // when the target moves to rev-3
    Decision restart = rollout.tick(seen(REV_3));

    // then traffic goes back to the primary and the run starts over for rev-3
    assertEquals(CanaryPhase.Progressing, restart.status().getPhase());
    assertEquals(List.of(routes(100, 0)), restart.actions());
    assertEquals(List.of("NewRevision"), reasons(restart));
    assertEquals(0, restart.status().getCanaryWeight());
    assertEquals(0, restart.status().getFailedChecks());
    assertEquals(REV_3, restart.status().getLastAppliedSpec());
    assertEquals(Map.of("podinfo-config", "sha-rev-3"), restart.status().getTrackedConfigs());
    assertEquals(10, rollout.tick(seen(REV_3)).status().getCanaryWeight());
  }

  @Test
  void revisionChangeDuringPromotingNeverCopiesTheUnanalysedRevision() {
    // given rev-2 analysed and Promoting, the primary still rolling out
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(50, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    Decision promoting = rollout.tick(seen(REV_2));
    assertEquals(List.of(new Action.PromoteToPrimary()), promoting.actions());

    // when rev-3 appears before promotion finished
    Decision restart = rollout.tick(primary(REV_3, new Readiness.NotReady("rolling")));

    // then rev-3 is not copied; it gets its own run and rev-2 stays the promoted one
    assertFalse(restart.actions().contains(new Action.PromoteToPrimary()));
    assertEquals(List.of(routes(100, 0)), restart.actions());
    assertEquals(CanaryPhase.Progressing, restart.status().getPhase());
    assertEquals(REV_3, restart.status().getLastAppliedSpec());
    assertEquals(REV_2, restart.status().getLastPromotedSpec());
    assertEquals(0, restart.status().getCanaryWeight());

    // and the run of rev-3 waits for the primary, then analyses and promotes rev-3
    assertEquals(
        List.of(), rollout.tick(primary(REV_3, new Readiness.NotReady("rolling"))).actions());
    assertEquals(List.of(routes(50, 50)), rollout.tick(seen(REV_3)).actions());
    Decision promote = rollout.tick(seen(REV_3));
    assertEquals(List.of(new Action.PromoteToPrimary()), promote.actions());
    assertEquals(REV_3, promote.status().getLastPromotedSpec());
  }

  @Test
  void revisionChangeWhileWaitingForPromotionNeverCopiesTheUnanalysedRevision() {
    // given rev-2 analysed and held in WaitingPromotion (a closed confirm-promotion gate, or a
    // status Flagger left behind)
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(50, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.status().setPhase(CanaryPhase.WaitingPromotion);

    // when the target moves to rev-3
    Decision decision = rollout.tick(seen(REV_3));

    // then the primary is not given the target's template, which is now rev-3
    assertFalse(decision.actions().contains(new Action.PromoteToPrimary()));
    assertEquals(REV_1, decision.status().getLastPromotedSpec());
    assertEquals(REV_3, decision.status().getLastAppliedSpec());
    assertEquals(CanaryPhase.Progressing, decision.status().getPhase());
    assertEquals(0, decision.status().getCanaryWeight());
    assertEquals(List.of(routes(100, 0)), decision.actions());
  }

  @Test
  void revertToThePromotedRevisionAfterAFailureStartsNoRun() {
    // given a run of rev-2 that failed
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().getAnalysis().setThreshold(1);
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(CanaryPhase.Failed, rollout.tick(failing(REV_2, "boom")).status().getPhase());

    // when the user reverts the target to rev-1, which the primary runs
    Decision revert = rollout.tick(seen(REV_1));

    // then no analysis runs: the canary stays parked and the revision is recorded
    assertEquals(List.of(new Action.ScaleCanary(0)), revert.actions());
    assertEquals(List.of("Reverted"), reasons(revert));
    assertEquals(CanaryPhase.Failed, revert.status().getPhase());
    assertEquals(REV_1, revert.status().getLastAppliedSpec());
    assertEquals(REV_1, revert.status().getLastPromotedSpec());
    assertEquals(Map.of("podinfo-config", "sha-rev-1"), revert.status().getTrackedConfigs());

    // and the next ticks are quiet
    Decision idle = rollout.tick(seen(REV_1));
    assertEquals(List.of(), idle.actions());
    assertEquals(List.of(), idle.events());
  }

  @Test
  void waitingCanaryStartsItsRunByScalingTheCanaryUp() {
    // given a canary Flagger left in Waiting: a new revision seen, the confirm-rollout gate
    // closed, so the run has not started and the canary is still parked at zero
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.status().setPhase(CanaryPhase.Waiting);
    Readiness parked = new Readiness.NotReady("deployment is scaled to zero");

    // when Sluice ticks it with the gate open
    Decision start = rollout.tick(Canaries.canary(REV_2, parked));

    // then the run starts like any other: canary scaled up, Progressing at weight 0
    assertEquals(List.of(new Action.ScaleCanary(Canaries.PRIMARY_REPLICAS)), start.actions());
    assertEquals(CanaryPhase.Progressing, start.status().getPhase());
    assertEquals(REV_2, start.status().getLastAppliedSpec());
    assertEquals(0, start.status().getCanaryWeight());
  }

  /** A Canary as Flagger leaves it after a promoted run: its own hash in both spec fields. */
  private static Rollout promotedByFlagger() {
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));
    dev.sluice.api.v1beta1.CanaryStatus status = new dev.sluice.api.v1beta1.CanaryStatus();
    status.setPhase(CanaryPhase.Succeeded);
    status.setCanaryWeight(0);
    status.setFailedChecks(0);
    status.setIterations(0);
    status.setLastAppliedSpec("5b8c6f7d94");
    status.setLastPromotedSpec("5b8c6f7d94");
    rollout.canary.setStatus(status);
    return rollout;
  }

  @Test
  void aCanaryFlaggerPromotedIsTakenOverWithoutARunWhenThePrimaryRunsTheTarget() {
    // given a Canary Flagger promoted, whose primary runs the target's template
    Rollout rollout = promotedByFlagger();

    // when Sluice first sees it
    Decision decision = rollout.tick(seen(REV_1).withPrimaryRevision(REV_1));

    // then the revision is recorded as applied and promoted, and nothing is done
    assertEquals(CanaryPhase.Succeeded, decision.status().getPhase());
    assertEquals(REV_1, decision.status().getLastAppliedSpec());
    assertEquals(REV_1, decision.status().getLastPromotedSpec());
    assertEquals(List.of(), decision.actions());
    assertEquals(List.of("TakenOver"), reasons(decision));
  }

  @Test
  void aCanaryFlaggerPromotedWhoseTargetMovedSinceRunsTheNewRevision() {
    // given a Canary Flagger promoted, whose target was changed after Flagger stopped
    Rollout rollout = promotedByFlagger();

    // when Sluice first sees it (the primary still runs Flagger's copy: its random flagger-id)
    Decision decision =
        rollout.tick(seen(REV_2).withPrimaryRevision("0f6e3c1e-8a53-4a5b-9d8e-2b1f4c6a7d90"));

    // then the new revision is analysed
    assertEquals(CanaryPhase.Progressing, decision.status().getPhase());
    assertEquals(List.of("NewRevision"), reasons(decision));
  }

  @Test
  void aRunFlaggerLeftMidWayGoesOnFromItsWeight() {
    // given a Canary Flagger stopped in the middle of a run: Progressing at weight 30, its own
    // hash of the new revision in lastAppliedSpec and of the promoted one in lastPromotedSpec
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));
    dev.sluice.api.v1beta1.CanaryStatus status = new dev.sluice.api.v1beta1.CanaryStatus();
    status.setPhase(CanaryPhase.Progressing);
    status.setCanaryWeight(30);
    status.setFailedChecks(0);
    status.setIterations(0);
    status.setLastAppliedSpec("7c9d5f8b6d");
    status.setLastPromotedSpec("5b8c6f7d94");
    rollout.canary.setStatus(status);

    // when Sluice first sees it, the target at a revision the primary does not run
    Decision takeOver = rollout.tick(seen(REV_2).withPrimaryRevision(REV_1));

    // then the run is taken over where it is: no traffic moved, the revision recorded as Sluice
    // names it
    assertEquals(CanaryPhase.Progressing, takeOver.status().getPhase());
    assertEquals(30, takeOver.status().getCanaryWeight());
    assertEquals(REV_2, takeOver.status().getLastAppliedSpec());
    assertEquals(List.of(), takeOver.actions());
    assertEquals(List.of("TakenOver"), reasons(takeOver));

    // and it goes on from 30 to the promotion
    assertEquals(List.of(routes(60, 40)), rollout.tick(seen(REV_2)).actions());
    assertEquals(List.of(routes(50, 50)), rollout.tick(seen(REV_2)).actions());
    assertEquals(List.of(new Action.PromoteToPrimary()), rollout.tick(seen(REV_2)).actions());
  }
}

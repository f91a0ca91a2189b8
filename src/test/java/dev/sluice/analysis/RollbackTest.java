package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.canary;
import static dev.sluice.analysis.Canaries.canaryNotReady;
import static dev.sluice.analysis.Canaries.failing;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.workload.Readiness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {

  private static Rollout runningAt20() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(20, rollout.status().getCanaryWeight());
    return rollout;
  }

  @Test
  void failedChecksHaltTheRunUntilTheThresholdThenRollBack() {
    // given a run at weight 20 with threshold 3
    Rollout rollout = runningAt20();

    // when checks fail on three ticks
    Decision first = rollout.tick(failing(REV_2, "request-success-rate 91.2 < 99"));
    Decision second = rollout.tick(failing(REV_2, "request-duration 720ms > 500ms"));
    Decision third = rollout.tick(failing(REV_2, "request-success-rate 80 < 99"));

    // then the first two halt at the same weight, the third rolls back to Failed
    assertEquals(1, first.status().getFailedChecks());
    assertEquals(20, first.status().getCanaryWeight());
    assertEquals(List.of(), first.actions());
    assertEquals(List.of("Halted"), reasons(first));
    assertTrue(first.events().get(0).warning());
    assertEquals(
        "Halt podinfo.test advancement (1/3 failed checks): request-success-rate 91.2 < 99",
        first.events().get(0).message());
    assertEquals(2, second.status().getFailedChecks());
    assertEquals(List.of(), second.actions());

    assertEquals(CanaryPhase.Failed, third.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        third.actions());
    assertEquals(List.of("RolledBack"), reasons(third));
    assertTrue(third.events().get(0).message().startsWith("Failed checks threshold reached 3/3"));
    assertEquals(0, third.status().getCanaryWeight());
    // as Flagger's rollback writes it (phase Failed, weight 0 and no other count); the reason
    // stays in the Ready condition and the event
    assertEquals(0, third.status().getFailedChecks(), "failedChecks after the rollback");
    assertEquals(REV_1, third.status().getLastPromotedSpec(), "nothing was promoted");
  }

  @Test
  void aPassingTickBetweenFailuresKeepsTheCountAndAdvances() {
    // given a run at weight 20 with one failed check
    Rollout rollout = runningAt20();
    rollout.tick(failing(REV_2, "error rate"));

    // when the next tick passes
    Decision pass = rollout.tick(seen(REV_2));

    // then the run advances and the failure still counts toward the threshold, as in Flagger
    assertEquals(30, pass.status().getCanaryWeight());
    assertEquals(1, pass.status().getFailedChecks());
  }

  @Test
  void failedCanaryStaysFailedUntilANewRevision() {
    // given a run that was rolled back
    Rollout rollout = runningAt20();
    rollout.canary.getSpec().getAnalysis().setThreshold(1);
    assertEquals(CanaryPhase.Failed, rollout.tick(failing(REV_2, "boom")).status().getPhase());

    // when the same revision is seen again, then nothing happens
    Decision idle = rollout.tick(seen(REV_2));
    assertEquals(List.of(), idle.actions());
    assertEquals(List.of(), idle.events());
    assertEquals(CanaryPhase.Failed, idle.status().getPhase());

    // when a fixed revision arrives, then a fresh run starts with its counters reset
    Decision fixed = rollout.tick(seen(Canaries.REV_3));
    assertEquals(CanaryPhase.Progressing, fixed.status().getPhase());
    assertEquals(0, fixed.status().getFailedChecks());
    assertEquals(List.of(new Action.ScaleCanary(Canaries.PRIMARY_REPLICAS)), fixed.actions());
  }

  @Test
  void canaryNeverReadyRollsBackAfterTheProgressDeadline() {
    // given a new run with progressDeadlineSeconds 300, ticking every minute
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().setProgressDeadlineSeconds(300);
    rollout.tick(seen(REV_2));

    // when the canary never becomes ready
    Decision decision = null;
    int ticks = 0;
    while (ticks < 20) {
      decision = rollout.tick(canaryNotReady(REV_2, "0 of 3 updated replicas available"));
      ticks++;
      if (decision.status().getPhase() == CanaryPhase.Failed) {
        break;
      }
    }

    // then it waits 5 ticks (deadline not yet passed) and rolls back on the 6th
    assertEquals(6, ticks);
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        decision.actions());
    assertEquals(
        "Canary podinfo.test not ready within 300s: 0 of 3 updated replicas available."
            + " Canary failed! Scaling down podinfo.test",
        decision.events().get(0).message());
  }

  @Test
  void defaultProgressDeadlineAppliesWhenTheSpecSetsNone() {
    // given a run whose canary is not ready, with the default deadline of 10 minutes
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(canaryNotReady(REV_2, "pending"));

    // when just under, then just over 10 minutes have passed since the run moved
    rollout.now = Canaries.START.plus(Canaries.INTERVAL).plus(Duration.ofMinutes(10));
    Decision atDeadline = rollout.tick(canaryNotReady(REV_2, "pending"));
    rollout.now =
        Canaries.START.plus(Canaries.INTERVAL).plus(Duration.ofMinutes(10)).plusSeconds(1);
    Decision past = rollout.tick(canaryNotReady(REV_2, "pending"));

    // then exactly at the deadline it still waits, one second later it rolls back
    assertEquals(CanaryPhase.Progressing, atDeadline.status().getPhase());
    assertEquals(CanaryPhase.Failed, past.status().getPhase());
  }

  @Test
  void slowCanaryWithinTheDeadlineWaitsWithOneEvent() {
    // given a run with a deadline of one hour
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().setProgressDeadlineSeconds(3600);
    rollout.tick(seen(REV_2));

    // when the canary is slow for 30 ticks with the same message
    List<EventNote> events = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Decision wait = rollout.tick(canaryNotReady(REV_2, "1 of 3 updated replicas available"));
      assertEquals(List.of(), wait.actions());
      assertEquals(CanaryPhase.Progressing, wait.status().getPhase());
      events.addAll(wait.events());
    }

    // then there was exactly one Waiting event, and once ready the run advances
    assertEquals(
        List.of(
            EventNote.normal(
                "Waiting", "Waiting for canary podinfo.test: 1 of 3 updated replicas available")),
        events);
    Decision ready = rollout.tick(seen(REV_2));
    assertEquals(10, ready.status().getCanaryWeight());
    assertEquals(List.of(routes(90, 10)), ready.actions());
  }

  @Test
  void aNewWaitMessageIsAnnouncedAgain() {
    // given a run waiting for its canary
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(canaryNotReady(REV_2, "0 of 3 updated replicas available"));

    // when the reason changes
    Decision changed = rollout.tick(canaryNotReady(REV_2, "2 of 3 updated replicas available"));

    // then it is a new event
    assertEquals(List.of("Waiting"), reasons(changed));
  }

  @Test
  void deploymentReportedFailureRollsBackAtOnce() {
    // given a run at weight 20 with a long deadline
    Rollout rollout = runningAt20();
    rollout.canary.getSpec().setProgressDeadlineSeconds(3600);

    // when the Deployment reports it failed to progress
    Decision failed = rollout.tick(canary(REV_2, new Readiness.Failed("ProgressDeadlineExceeded")));

    // then the run is rolled back on this tick
    assertEquals(CanaryPhase.Failed, failed.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        failed.actions());
    assertTrue(failed.events().get(0).warning());
  }

  @Test
  void primaryNotReadyMidRunHoldsTheStep() {
    // given a run at weight 20
    Rollout rollout = runningAt20();

    // when the primary is not ready
    Decision hold =
        rollout.tick(Canaries.primary(REV_2, new Readiness.NotReady("evicted pod restarting")));

    // then the run holds without counting a failure
    assertEquals(20, hold.status().getCanaryWeight());
    assertEquals(0, hold.status().getFailedChecks());
    assertEquals(List.of(), hold.actions());
    assertEquals(List.of("Waiting"), reasons(hold));
  }
}

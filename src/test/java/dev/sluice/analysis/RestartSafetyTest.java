package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.REV_3;
import static dev.sluice.analysis.Canaries.canaryNotReady;
import static dev.sluice.analysis.Canaries.failing;
import static dev.sluice.analysis.Canaries.json;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartSafetyTest {

  /** What a run sees, tick after tick: a slow canary, a failed check, then passing checks. */
  private static List<Observations> script() {
    List<Observations> ticks = new ArrayList<>();
    ticks.add(seen(REV_2));
    ticks.add(canaryNotReady(REV_2, "pending"));
    ticks.add(canaryNotReady(REV_2, "pending"));
    ticks.add(seen(REV_2));
    ticks.add(failing(REV_2, "latency"));
    for (int i = 0; i < 10; i++) {
      ticks.add(seen(REV_2));
    }
    return ticks;
  }

  @Test
  void decidingTwiceFromTheSameStatusGivesTheSameDecision() {
    // given a run driven through every phase
    CanaryAnalysis analysis = Canaries.stepWeights(10, 40);
    analysis.setStepWeightPromotion(20);
    Rollout rollout = Rollout.initialized(analysis);

    for (Observations seen : script()) {
      // when a tick is decided twice from the same status at the same time
      JsonNode status = json(rollout.status());
      Decision first = rollout.peek(seen);
      Decision second = rollout.peek(seen);

      // then both decisions are equal, and the stored status was not touched
      assertEquals(json(first.status()), json(second.status()));
      assertEquals(first.actions(), second.actions());
      assertEquals(first.events(), second.events());
      assertEquals(status, json(rollout.status()));
      rollout.tick(seen);
    }
    assertEquals(CanaryPhase.Succeeded, rollout.status().getPhase());
  }

  @Test
  void aRestartedControllerResumesFromStatusWithoutRepeatingAStep() {
    // given a run at weight 20, its status read back as the API server stores it
    Rollout running = Rollout.initialized(Canaries.stepWeight(10, 40));
    running.tick(seen(REV_2));
    running.tick(seen(REV_2));
    running.tick(seen(REV_2));
    Rollout restarted = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 40)));
    restarted.canary.setStatus(Canaries.copy(running.status()));
    restarted.now = running.now;

    // when the new controller ticks
    Decision next = restarted.tick(seen(REV_2));

    // then it takes the next step, not the one already taken
    assertEquals(30, next.status().getCanaryWeight());
    assertEquals(List.of(routes(70, 30)), next.actions());
  }

  @Test
  void eachOneShotActionAndEventHappensOncePerRun() {
    // given an initialized canary
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(25, 50));
    List<Action> actions = new ArrayList<>();
    List<String> reasons = new ArrayList<>();

    // when a whole run plays out, followed by idle ticks
    for (int i = 0; i < 12; i++) {
      Decision decision = rollout.tick(seen(REV_2));
      actions.addAll(decision.actions());
      reasons.addAll(Canaries.reasons(decision));
    }

    // then the target is copied once, scaled up once and parked once
    assertEquals(1, actions.stream().filter(a -> a.equals(new Action.PromoteToPrimary())).count());
    assertEquals(
        List.of(
            new Action.ScaleCanary(Canaries.PRIMARY_REPLICAS),
            routes(75, 25),
            routes(50, 50),
            new Action.PromoteToPrimary(),
            routes(100, 0),
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Succeeded)),
        actions);
    assertEquals(
        List.of(
            "NewRevision",
            "Started",
            "Advanced",
            "Advanced",
            "Promoting",
            "Finalising",
            "Succeeded"),
        reasons);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheRunMoves() {
    // given a run that started at t0
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    String started = rollout.now.toString();
    rollout.tick(seen(REV_2));

    // when the canary waits for three ticks
    for (int i = 0; i < 3; i++) {
      rollout.tick(canaryNotReady(REV_2, "pending"));
    }

    // then the deadline clock has not been reset by waiting; a step resets it
    assertEquals(started, rollout.status().getLastTransitionTime());
    String stepped = rollout.now.toString();
    rollout.tick(seen(REV_2));
    assertEquals(stepped, rollout.status().getLastTransitionTime());
  }

  /** A run of REV_2 at its top weight, whose next tick promotes. */
  private static Rollout atTheTop() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(25, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(50, rollout.status().getCanaryWeight());
    return rollout;
  }

  @Test
  void aPromotionIsRecordedBeforeTheCopyAndACopyNotMadeIsMadeBeforeTrafficMoves() {
    // given a promotion recorded, and the controller stopped before the copy
    Rollout rollout = atTheTop();
    Decision promoting = rollout.recordOnly(seen(REV_2));
    assertEquals(CanaryPhase.Promoting, promoting.status().getPhase());
    assertEquals(REV_2, promoting.status().getLastPromotedSpec());
    assertEquals(List.of(), promoting.beforeRecord(), "nothing reaches production before");
    assertEquals(List.of(new Action.PromoteToPrimary()), promoting.afterRecord());

    // when the next tick sees the primary still at REV_1
    Decision next = rollout.tick(seen(REV_2).withPrimaryRevision(REV_1));

    // then it copies again, and keeps traffic where it is until the primary runs REV_2
    assertEquals(List.of(new Action.PromoteToPrimary()), next.actions());
    assertEquals(CanaryPhase.Promoting, next.status().getPhase());
    assertEquals(50, next.status().getCanaryWeight());
    Decision moved = rollout.tick(seen(REV_2).withPrimaryRevision(REV_2));
    assertEquals(List.of(routes(100, 0)), moved.actions());
  }

  @Test
  void aNewRevisionBeforeTheCopyPutsLastPromotedSpecBackToWhatThePrimaryRuns() {
    // given a promotion of REV_2 recorded but never copied
    Rollout rollout = atTheTop();
    rollout.recordOnly(seen(REV_2));

    // when the target moves on to REV_3 before the copy
    Decision next = rollout.tick(seen(REV_3).withPrimaryRevision(REV_1));

    // then REV_3 gets a run, and status says the primary runs REV_1, as it does
    assertEquals(CanaryPhase.Progressing, next.status().getPhase());
    assertEquals(REV_1, next.status().getLastPromotedSpec());
    assertEquals(REV_3, next.status().getLastAppliedSpec());
    assertTrue(next.actions().stream().noneMatch(a -> a instanceof Action.PromoteToPrimary));
  }

  @Test
  void aRollbackIsRecordedBeforeItIsCarriedOutAndFinishedOnceByTheNextTick() {
    // given a run that rolls back, stopped right after the status write
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 40));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    CanaryAnalysis analysis = rollout.canary.getSpec().getAnalysis();
    analysis.setThreshold(1);
    Decision rolledBack = rollout.recordOnly(failing(REV_2, "latency"));
    assertEquals(CanaryPhase.Failed, rolledBack.status().getPhase());
    assertEquals(Boolean.TRUE, rolledBack.status().getPostRolloutPending());
    assertEquals(List.of(), rolledBack.beforeRecord());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        rolledBack.afterRecord());
    assertEquals(List.of("RolledBack"), Canaries.reasons(rolledBack));

    // when the next ticks come
    Decision finished = rollout.tick(seen(REV_2));
    Decision idle = rollout.tick(seen(REV_2));

    // then the first carries the rollback out (closing the rollback gate, which may have asked
    // for it), before it clears the mark, and announces nothing
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed),
            new Action.CloseRollbackGate()),
        finished.beforeRecord());
    assertNull(finished.status().getPostRolloutPending());
    assertEquals(CanaryPhase.Failed, finished.status().getPhase());
    assertEquals(List.of(), Canaries.reasons(finished));
    assertEquals(
        Canaries.condition(rolledBack.status(), Conditions.READY).getMessage(),
        Canaries.condition(finished.status(), Conditions.READY).getMessage(),
        "the Ready condition keeps saying why the run failed");
    assertEquals(List.of(), idle.actions(), "and the second does nothing");
  }
}

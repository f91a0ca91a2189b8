package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.canaryNotReady;
import static dev.sluice.analysis.Canaries.condition;
import static dev.sluice.analysis.Canaries.failing;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  @Test
  void readyIsTrueOnceInitializedWithObservedGeneration() {
    // given / when a canary initializes at generation 1
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 20));

    // then Ready and Promoted are True, both for generation 1
    CanaryCondition ready = condition(rollout.status(), Conditions.READY);
    CanaryCondition promoted = condition(rollout.status(), Conditions.PROMOTED);
    assertEquals(
        List.of("True", "Initialized", "1"),
        List.of(ready.getStatus(), ready.getReason(), "" + ready.getObservedGeneration()));
    assertEquals("True", promoted.getStatus());
    assertEquals(1L, rollout.status().getObservedGeneration());
  }

  @Test
  void readyFlipsOnlyWhenItsStatusFlipsDuringARun() {
    // given an initialized canary, Ready True since t0
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 30));
    String runStart = rollout.now.toString();

    // when a run goes through Progressing and Promoting (Ready False all along)
    rollout.tick(seen(REV_2));
    String readyFalseSince = condition(rollout.status(), Conditions.READY).getLastTransitionTime();
    String promotedUnknownSince =
        condition(rollout.status(), Conditions.PROMOTED).getLastTransitionTime();
    while (rollout.status().getPhase() != CanaryPhase.Finalising) {
      rollout.tick(seen(REV_2));

      // then the transition times stay at the tick where the status flipped
      assertEquals(
          readyFalseSince, condition(rollout.status(), Conditions.READY).getLastTransitionTime());
      assertEquals(
          promotedUnknownSince,
          condition(rollout.status(), Conditions.PROMOTED).getLastTransitionTime());
    }
    assertEquals(runStart, readyFalseSince);
    assertEquals("Finalising", condition(rollout.status(), Conditions.READY).getReason());

    // and Succeeded flips both back to True at that tick
    String succeededAt = rollout.now.toString();
    rollout.tick(seen(REV_2));
    CanaryCondition ready = condition(rollout.status(), Conditions.READY);
    assertEquals(
        List.of("True", "Succeeded", succeededAt),
        List.of(ready.getStatus(), ready.getReason(), ready.getLastTransitionTime()));
    assertEquals("True", condition(rollout.status(), Conditions.PROMOTED).getStatus());
  }

  @Test
  void unchangedConditionKeepsEveryTimestamp() {
    // given a run at weight 10
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    CanaryCondition before = condition(rollout.status(), Conditions.READY);

    // when it advances to 20 (same Ready status, reason and message)
    rollout.tick(seen(REV_2));

    // then the Ready condition is exactly the same, update time included
    assertEquals(
        Canaries.json(before), Canaries.json(condition(rollout.status(), Conditions.READY)));
  }

  @Test
  void readyIsFalseWithTheReasonInFailed() {
    // given a run with threshold 1
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().getAnalysis().setThreshold(1);
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));

    // when a check fails
    rollout.tick(failing(REV_2, "boom"));

    // then Ready and Promoted are False, reason Failed
    CanaryCondition ready = condition(rollout.status(), Conditions.READY);
    assertEquals(List.of("False", "Failed"), List.of(ready.getStatus(), ready.getReason()));
    assertEquals("False", condition(rollout.status(), Conditions.PROMOTED).getStatus());
  }

  @Test
  void readyCarriesTheWaitMessage() {
    // given a run
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));

    // when the canary is not ready
    rollout.tick(canaryNotReady(REV_2, "0 of 3 updated replicas available"));

    // then Ready says what the run waits for
    assertEquals(
        "Waiting for canary podinfo.test: 0 of 3 updated replicas available",
        condition(rollout.status(), Conditions.READY).getMessage());
  }

  @Test
  void newGenerationUpdatesObservedGenerationButNotTheTransitionTime() {
    // given a run at generation 1
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    String since = condition(rollout.status(), Conditions.READY).getLastTransitionTime();

    // when the spec is edited (generation 2)
    rollout.canary.getMetadata().setGeneration(2L);
    rollout.tick(seen(REV_2));

    // then status and conditions observe generation 2, Ready did not flip
    CanaryCondition ready = condition(rollout.status(), Conditions.READY);
    assertEquals(2L, rollout.status().getObservedGeneration());
    assertEquals(2L, ready.getObservedGeneration());
    assertEquals(2L, condition(rollout.status(), Conditions.PROMOTED).getObservedGeneration());
    assertEquals(since, ready.getLastTransitionTime());
  }

  @Test
  void setReturnsTheSameConditionWhenNothingChanged() {
    // given a Ready condition
    List<CanaryCondition> first =
        Conditions.set(null, Conditions.READY, "True", "Succeeded", "ok", "t0", 3L);

    // when it is set again with the same content later
    List<CanaryCondition> again =
        Conditions.set(first, Conditions.READY, "True", "Succeeded", "ok", "t1", 3L);

    // then it is the same object; a new reason keeps the transition time but updates the rest
    assertSame(first.get(0), again.get(0));
    List<CanaryCondition> reason =
        Conditions.set(again, Conditions.READY, "True", "Initialized", "ok", "t2", 3L);
    assertEquals("t0", reason.get(0).getLastTransitionTime());
    assertEquals("t2", reason.get(0).getLastUpdateTime());
    List<CanaryCondition> flipped =
        Conditions.set(reason, Conditions.READY, "False", "Failed", "no", "t3", 3L);
    assertEquals("t3", flipped.get(0).getLastTransitionTime());
    assertEquals(1, flipped.size());
  }
}

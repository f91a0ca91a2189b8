package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.condition;
import static dev.sluice.analysis.Canaries.json;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedTest {

  private static Decision block(Rollout rollout, String message) {
    Decision decision =
        CanaryStateMachine.blocked(rollout.canary, "MissingTarget", message, rollout.now);
    rollout.canary.setStatus(decision.status());
    rollout.advance(Canaries.INTERVAL);
    return decision;
  }

  @Test
  void blockedRecordsTheReasonOnceAndLeavesTheRunAlone() {
    // given a run at weight 20
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));

    // when the canary is blocked three times with the same message
    Decision first = block(rollout, "Deployment test/podinfo not found");
    Decision second = block(rollout, "Deployment test/podinfo not found");
    Decision third = block(rollout, "Deployment test/podinfo not found");

    // then one warning event (also for chat), Ready False with the reason, phase and weight kept
    assertEquals(
        List.of(
            EventNote.warning("MissingTarget", "Deployment test/podinfo not found")
                .alert(dev.sluice.analysis.Severity.WARN)),
        first.events());
    assertEquals(List.of(), second.events());
    assertEquals(List.of(), third.events());
    assertEquals(List.of(), first.actions());
    CanaryCondition ready = condition(third.status(), Conditions.READY);
    assertEquals(List.of("False", "MissingTarget"), List.of(ready.getStatus(), ready.getReason()));
    assertEquals(json(second.status()), json(third.status()), "nothing to patch");
    assertEquals(CanaryPhase.Progressing, third.status().getPhase());
    assertEquals(20, third.status().getCanaryWeight());
  }

  @Test
  void aNewBlockingMessageIsAnnounced() {
    // given a blocked canary
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    block(rollout, "Deployment test/podinfo not found");

    // when the cause changes
    Decision other = block(rollout, "ConfigMap test/podinfo-config not found");

    // then it is a new event
    assertEquals(1, other.events().size());
    assertEquals(
        "ConfigMap test/podinfo-config not found",
        condition(other.status(), Conditions.READY).getMessage());
  }

  @Test
  void blockingAnIdleCanaryFlipsReadyAndTheNextTickRestoresIt() {
    // given an initialized canary (Ready True)
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));

    // when it is blocked, then unblocked
    Decision blocked = block(rollout, "Service test/podinfo not found");
    Decision resumed = rollout.tick(Canaries.seen(Canaries.REV_1));

    // then Ready went False then True again, with the phase kept
    assertEquals("False", condition(blocked.status(), Conditions.READY).getStatus());
    assertEquals(CanaryPhase.Initialized, blocked.status().getPhase());
    CanaryCondition ready = condition(resumed.status(), Conditions.READY);
    assertEquals(List.of("True", "Initialized"), List.of(ready.getStatus(), ready.getReason()));
    assertEquals(List.of(), resumed.actions());
  }

  @Test
  void blockingACanaryWithNoStatusSetsOnlyTheReadyCondition() {
    // given a canary never ticked
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));

    // when it is blocked
    Decision blocked = block(rollout, "Invalid canary: analysis.interval 1s is below 10s");

    // then it has no phase yet, Ready False and the generation observed
    assertEquals(null, blocked.status().getPhase());
    assertEquals(1, blocked.status().getConditions().size());
    assertEquals(1L, blocked.status().getObservedGeneration());
    assertEquals(1, blocked.events().size());
  }
}

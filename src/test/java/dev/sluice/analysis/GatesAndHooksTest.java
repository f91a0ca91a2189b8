package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where each webhook type acts in a run, with the gates' and hooks' answers given. */
class GatesAndHooksTest {

  private static Observations with(Observations seen, HookType type, boolean passed) {
    return with(seen, type, passed, false);
  }

  private static Observations with(
      Observations seen, HookType type, boolean passed, boolean muteAlert) {
    return seen.withHooks(
        seen.hooks()
            .with(
                type,
                List.of(
                    new HookOutcomes.Outcome(
                        "gate", passed, passed ? "gate 200" : "gate 403 Forbidden", muteAlert))));
  }

  private static Set<HookType> due(Rollout rollout, Observations seen) {
    return Canaries.calls(rollout.canary, seen, rollout.now).hooks();
  }

  @Test
  void aClosedConfirmRolloutGateHoldsTheNewRevisionInWaitingUntilItOpens() {
    // given an initialized canary and a new revision
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    assertEquals(Set.of(HookType.CONFIRM_ROLLOUT), due(rollout, seen(REV_2)));

    // when its confirm-rollout gate is closed for two ticks
    Decision first = rollout.tick(with(seen(REV_2), HookType.CONFIRM_ROLLOUT, false));
    Decision second = rollout.tick(with(seen(REV_2), HookType.CONFIRM_ROLLOUT, false));

    // then it waits, unscaled, with one warning sent to chat, and nothing counted
    assertEquals(CanaryPhase.Waiting, first.status().getPhase());
    assertEquals(List.of(), first.actions());
    assertEquals(List.of("WaitingForApproval"), reasons(first));
    assertEquals(Severity.WARN, first.events().get(0).alert());
    assertEquals(
        "Halt podinfo.test advancement waiting for approval: gate 403 Forbidden",
        first.events().get(0).message());
    assertEquals(List.of(), second.events(), "one event per wait");
    assertEquals(0, second.status().getFailedChecks());
    assertEquals(Set.of(HookType.CONFIRM_ROLLOUT, HookType.ROLLBACK), due(rollout, seen(REV_2)));

    // when it opens, the run starts
    Decision open = rollout.tick(with(seen(REV_2), HookType.CONFIRM_ROLLOUT, true));
    assertEquals(CanaryPhase.Progressing, open.status().getPhase());
    assertEquals(List.of(new Action.ScaleCanary(3)), open.actions());
    assertEquals(List.of("Confirmed", "NewRevision"), reasons(open));
  }

  @Test
  void aMutedGateWaitsWithoutAChatMessage() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));

    Decision waiting = rollout.tick(with(seen(REV_2), HookType.CONFIRM_ROLLOUT, false, true));

    assertEquals(CanaryPhase.Waiting, waiting.status().getPhase());
    assertNull(waiting.events().get(0).alert());
  }

  @Test
  void preRolloutHooksRunAtTheFirstStepAndTheirFailuresCount() {
    // given a run just started, at weight 0
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    assertTrue(due(rollout, seen(REV_2)).contains(HookType.PRE_ROLLOUT));
    assertFalse(Canaries.calls(rollout.canary, seen(REV_2), rollout.now).checks());

    // when the pre-rollout hook fails, then passes
    Decision failed = rollout.tick(with(seen(REV_2), HookType.PRE_ROLLOUT, false));
    Decision passed = rollout.tick(with(seen(REV_2), HookType.PRE_ROLLOUT, true));

    // then the failure is a failed check at weight 0, and the pass takes the first step
    assertEquals(1, failed.status().getFailedChecks());
    assertEquals(0, failed.status().getCanaryWeight());
    assertTrue(failed.events().get(0).message().contains("pre-rollout gate 403"));
    assertEquals(10, passed.status().getCanaryWeight());
    assertEquals(List.of("Started", "Advanced"), reasons(passed));
    assertFalse(due(rollout, seen(REV_2)).contains(HookType.PRE_ROLLOUT), "once per run");
  }

  @Test
  void aClosedTrafficIncreaseGateHoldsTheWeightWithoutCounting() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertTrue(due(rollout, seen(REV_2)).contains(HookType.CONFIRM_TRAFFIC_INCREASE));

    Decision held = rollout.tick(with(seen(REV_2), HookType.CONFIRM_TRAFFIC_INCREASE, false));

    assertEquals(10, held.status().getCanaryWeight());
    assertEquals(CanaryPhase.Progressing, held.status().getPhase());
    assertEquals(0, held.status().getFailedChecks());
    assertEquals(
        "Halt podinfo.test advancement waiting for traffic increase approval: gate 403 Forbidden",
        held.events().get(0).message());
    Decision advanced = rollout.tick(with(seen(REV_2), HookType.CONFIRM_TRAFFIC_INCREASE, true));
    assertEquals(20, advanced.status().getCanaryWeight());
  }

  @Test
  void aClosedPromotionGateWaitsInWaitingPromotionWhileChecksGoOn() {
    // given a run at its top weight
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(25, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(50, rollout.status().getCanaryWeight());
    assertTrue(due(rollout, seen(REV_2)).contains(HookType.CONFIRM_PROMOTION));

    // when the promotion gate is closed
    Decision waiting = rollout.tick(with(seen(REV_2), HookType.CONFIRM_PROMOTION, false));

    // then it waits in WaitingPromotion; checks still run there and can roll it back
    assertEquals(CanaryPhase.WaitingPromotion, waiting.status().getPhase());
    assertEquals(List.of(), waiting.actions());
    assertTrue(Canaries.calls(rollout.canary, seen(REV_2), rollout.now).checks());
    Decision halted =
        rollout.tick(with(Canaries.failing(REV_2, "boom"), HookType.CONFIRM_PROMOTION, false));
    assertEquals(1, halted.status().getFailedChecks());

    // when it opens, promotion starts
    Decision open = rollout.tick(with(seen(REV_2), HookType.CONFIRM_PROMOTION, true));
    assertEquals(CanaryPhase.Promoting, open.status().getPhase());
    assertEquals(List.of(new Action.PromoteToPrimary()), open.actions());
    assertEquals(List.of("Confirmed", "Promoting"), reasons(open));
  }

  @Test
  void aPassingRollbackHookRollsTheRunBackAndClosesSluicesRollbackGate() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertTrue(due(rollout, seen(REV_2)).contains(HookType.ROLLBACK));

    Decision notAsked = rollout.peek(with(seen(REV_2), HookType.ROLLBACK, false));
    assertEquals(CanaryPhase.Progressing, notAsked.status().getPhase());

    Decision rolledBack = rollout.tick(with(seen(REV_2), HookType.ROLLBACK, true));

    assertEquals(CanaryPhase.Failed, rolledBack.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed),
            new Action.CloseRollbackGate()),
        rolledBack.actions());
    assertTrue(
        rolledBack.events().get(0).message().contains("manual webhook invoked"),
        rolledBack.events().get(0).message());
    assertEquals(Severity.ERROR, rolledBack.events().get(0).alert());
  }

  @Test
  void noHookIsDueForAnIdleCanaryAtItsRevision() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));

    assertEquals(Set.of(), due(rollout, seen(REV_1)));
  }

  @Test
  void aRollbackCarriesTheFailingMetricValuesToChat() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().getAnalysis().setThreshold(1);
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    var verdict =
        new dev.sluice.query.MetricVerdict(
            "request-success-rate",
            90.0,
            new dev.sluice.query.MetricVerdict.Range(99.0, null),
            dev.sluice.query.MetricVerdict.Outcome.FAIL,
            "request-success-rate 90 < 99 (min)");

    Decision failed = rollout.tick(seen(REV_2).withChecks(Checks.of(List.of(verdict))));

    EventNote note = failed.events().get(0);
    assertEquals("RolledBack", note.reason());
    assertEquals(Severity.ERROR, note.alert());
    assertEquals("request-success-rate 90 < 99 (min)", note.details().get("request-success-rate"));
  }
}

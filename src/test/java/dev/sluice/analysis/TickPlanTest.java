package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.DEFAULT_DEADLINE;
import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.query.MetricVerdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a tick's plan calls, in which order, and how its decision separates what follows status. */
class TickPlanTest {

  private static TickPlan plan(Rollout rollout) {
    return CanaryStateMachine.plan(rollout.canary, rollout.now, DEFAULT_DEADLINE);
  }

  private static HookOutcomes answered(HookType type, boolean passed) {
    return HookOutcomes.none()
        .with(type, List.of(new HookOutcomes.Outcome("hook", passed, "hook answered", false)));
  }

  private static Rollout runningAt(int weight) {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    while (rollout.status().getCanaryWeight() < weight) {
      rollout.tick(seen(REV_2));
    }
    return rollout;
  }

  @Test
  void thePreflightIsDueOnlyWhileAScheduledTickInitializes() {
    Rollout fresh = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));
    Rollout initialized = Rollout.initialized(Canaries.stepWeight(10, 50));

    assertTrue(plan(fresh).preflightDue());
    assertFalse(plan(initialized).preflightDue());
    assertFalse(
        CanaryStateMachine.planRequest(fresh.canary, fresh.now, DEFAULT_DEADLINE).preflightDue(),
        "a request is never held by the providers");
  }

  @Test
  void unavailableProvidersBlockTheTickNamingEachReason() {
    Rollout fresh = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));

    Decision blocked = plan(fresh).providersUnavailable(List.of("prometheus: down", "other: 503"));

    var ready = Canaries.condition(blocked.status(), Conditions.READY);
    assertEquals("MetricsProviderUnavailable", ready.getReason());
    assertEquals("prometheus: down; other: 503", ready.getMessage());
    assertEquals(List.of(), blocked.actions());
  }

  @Test
  void theFirstStepCallsPreRolloutBeforeAndItsGateAfterButNoChecks() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));

    StepPlan.Calls calls = plan(rollout).observed(seen(REV_2)).calls();

    assertEquals(Set.of(HookType.PRE_ROLLOUT, HookType.ROLLBACK), calls.hooksBeforeChecks());
    assertFalse(calls.checks(), "no traffic has reached the canary yet");
    assertEquals(Set.of(HookType.CONFIRM_TRAFFIC_INCREASE), calls.gates());
  }

  @Test
  void gatesAreAskedOnlyWhenTheChecksPassedAndPreRolloutDidNotFail() {
    StepPlan step = plan(runningAt(10)).observed(seen(REV_2));
    assertTrue(step.calls().checks());
    MetricVerdict held =
        new MetricVerdict("rate", null, null, MetricVerdict.Outcome.HOLD, "rate: no data");

    assertEquals(
        Set.of(HookType.CONFIRM_TRAFFIC_INCREASE),
        step.gatesToAsk(HookOutcomes.none(), Checks.none()));
    assertEquals(Set.of(), step.gatesToAsk(HookOutcomes.none(), Checks.failing("boom")));
    assertEquals(Set.of(), step.gatesToAsk(HookOutcomes.none(), Checks.of(List.of(held))));
    assertEquals(Set.of(), step.gatesToAsk(answered(HookType.PRE_ROLLOUT, false), Checks.none()));
  }

  @Test
  void aRequestTickCallsNothing() {
    Rollout rollout = runningAt(10);

    StepPlan step =
        CanaryStateMachine.planRequest(rollout.canary, rollout.now, DEFAULT_DEADLINE)
            .observed(seen(REV_2));

    assertEquals(new StepPlan.Calls(Set.of(), false, Set.of()), step.calls());
    assertEquals(Set.of(), step.gatesToAsk(HookOutcomes.none(), Checks.none()));
  }

  @Test
  void aPlanDecidesOnce() {
    StepPlan step = plan(runningAt(10)).observed(seen(REV_2));
    step.decide(HookOutcomes.none(), Checks.none());

    assertThrows(
        IllegalStateException.class, () -> step.decide(HookOutcomes.none(), Checks.none()));
  }

  @Test
  void theDecisionReadsTheAnswersItIsGivenNotTheObservations() {
    StepPlan step = plan(runningAt(10)).observed(seen(REV_2));

    Decision decision = step.decide(HookOutcomes.none(), Checks.failing("boom"));

    assertEquals(1, decision.status().getFailedChecks());
    assertEquals(10, decision.status().getCanaryWeight());
  }

  @Test
  void aStepThatOnlyMovesWeightHasNothingToRecordFirst() {
    Decision advanced = runningAt(10).tick(seen(REV_2));

    assertEquals(List.of(routes(80, 20)), advanced.beforeRecord());
    assertEquals(List.of(), advanced.afterRecord());
  }

  @Test
  void aPromotionIsCarriedOutOnlyAfterItIsRecorded() {
    Rollout rollout = runningAt(50);

    Decision promoting = rollout.tick(seen(REV_2));

    assertEquals(CanaryPhase.Promoting, promoting.status().getPhase());
    assertEquals(List.of(), promoting.beforeRecord());
    assertEquals(List.of(new Action.PromoteToPrimary()), promoting.afterRecord());
  }

  @Test
  void aRollbackIsCarriedOutOnlyAfterItIsRecorded() {
    Rollout rollout = runningAt(10);
    rollout.canary.getSpec().getAnalysis().setThreshold(1);

    Decision rolledBack = rollout.tick(Canaries.failing(REV_2, "boom"));

    assertEquals(CanaryPhase.Failed, rolledBack.status().getPhase());
    assertEquals(List.of(), rolledBack.beforeRecord());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        rolledBack.afterRecord());
  }

  @Test
  void aBlueGreenSwitchIsPartOfItsPromotion() {
    Rollout rollout = Rollout.initialized(Canaries.iterations(1));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(1, rollout.status().getIterations());

    Decision promoting = rollout.tick(seen(REV_2));

    assertEquals(CanaryPhase.Promoting, promoting.status().getPhase());
    assertEquals(List.of(routes(0, 100), new Action.PromoteToPrimary()), promoting.afterRecord());
  }

  @Test
  void anIdleCanaryAtItsRevisionCallsNothing() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));

    assertEquals(
        new StepPlan.Calls(Set.of(), false, Set.of()), plan(rollout).observed(seen(REV_1)).calls());
  }
}

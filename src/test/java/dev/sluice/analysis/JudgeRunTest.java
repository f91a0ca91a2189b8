package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.judge.Baseline;
import dev.sluice.judge.Counts;
import dev.sluice.judge.IntervalCounts;
import dev.sluice.judge.JudgeReadings;
import dev.sluice.query.MetricVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge in a run: when it reads, what it keeps in status, and that it rolls back at once. */
class JudgeRunTest {

  private static CanaryAnalysis judged() {
    CanaryAnalysis analysis = Canaries.stepWeight(10, 50);
    analysis.setThreshold(5);
    analysis.setJudge(new CanaryJudge());
    return analysis;
  }

  private static Observations counts(long nc, long xc, long np, long xp) {
    IntervalCounts interval = new IntervalCounts(new Counts(nc, xc), new Counts(np, xp));
    return seen(REV_2)
        .withChecks(Checks.none().withJudge(JudgeReadings.ofIntervals(Map.of("errors", interval))));
  }

  private static Observations passingMetric(Observations seen) {
    MetricVerdict pass =
        new MetricVerdict(
            "request-success-rate",
            99.5,
            new MetricVerdict.Range(99.0, null),
            MetricVerdict.Outcome.PASS,
            "request-success-rate 99.5");
    Checks checks = seen.checks();
    return seen.withChecks(
        new Checks(List.of(pass), checks.failures(), checks.mutedFailures(), checks.judge()));
  }

  @Test
  void theJudgeReadsHistoryAtTheFirstStepAndCountsAtEachCheckedStep() {
    Rollout rollout = Rollout.initialized(judged());
    StepPlan.Calls idle = Canaries.calls(rollout.canary, seen(REV_2), rollout.now);
    assertEquals(StepPlan.JudgeCalls.NONE, idle.judge(), "a run that is not started reads nothing");
    rollout.tick(seen(REV_2));

    StepPlan.Calls first = Canaries.calls(rollout.canary, seen(REV_2), rollout.now);
    assertEquals(new StepPlan.JudgeCalls(true, false), first.judge());
    Baseline bursty = new Baseline(60, 0.001, 3.0, List.of(0.5, 2.0), List.of(0.5, 0.5));
    rollout.tick(
        seen(REV_2)
            .withChecks(
                Checks.none().withJudge(JudgeReadings.ofBaselines(Map.of("errors", bursty)))));
    JudgeSignalStatus started = rollout.canary.getStatus().getJudge().getSignals().get(0);
    assertEquals(3.0, started.getDispersion());
    assertEquals(List.of(0.5, 2.0), started.getBurstRatios());
    assertEquals(1.0, started.getEvidence());

    StepPlan.Calls checked = Canaries.calls(rollout.canary, seen(REV_2), rollout.now);
    assertEquals(new StepPlan.JudgeCalls(false, true), checked.judge());
    assertTrue(checked.checks());
  }

  @Test
  void aCanaryWithoutAJudgeReadsNothingForIt() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(
        StepPlan.JudgeCalls.NONE, Canaries.calls(rollout.canary, seen(REV_2), rollout.now).judge());
    assertNull(rollout.canary.getStatus().getJudge());
  }

  @Test
  void evidenceAtItsBoundRollsBackAtOnceWhileFlaggersChecksPass() {
    Rollout rollout = Rollout.initialized(judged());
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2)); // first step: weight 10
    Decision advanced = rollout.tick(passingMetric(counts(600, 1, 5400, 6)));
    assertEquals(20, rollout.canary.getStatus().getCanaryWeight());
    String advance =
        advanced.events().stream()
            .filter(e -> e.reason().equals("Advanced"))
            .findFirst()
            .orElseThrow()
            .message();
    // the mixture after one canary error of 600 against six of 5,400: 0.331 (by hand in Python)
    assertEquals(
        "Advance podinfo.test canary weight 20 (judge: errors evidence 0.3 (rollback at 100))",
        advance);
    JudgeSignalStatus calm = rollout.canary.getStatus().getJudge().getSignals().get(0);
    assertEquals("Pass", calm.getVerdict());
    assertEquals(1, calm.getIntervals());

    // 5 % errors against 0.1 %: the success rate check still passes as the metric says
    Decision decision = rollout.tick(passingMetric(counts(1200, 60, 4800, 5)));

    assertEquals(CanaryPhase.Failed, decision.status().getPhase());
    assertEquals(0, decision.status().getFailedChecks(), "no failed check was counted");
    assertTrue(reasons(decision).contains("RolledBack"));
    String message =
        decision.events().stream()
            .filter(e -> e.reason().equals("RolledBack"))
            .findFirst()
            .orElseThrow()
            .message();
    assertTrue(
        message.startsWith("judge errors: canary errors 61 of 1,800 vs primary 11 of 10,200:"),
        message);
    JudgeSignalStatus rejected = decision.status().getJudge().getSignals().get(0);
    assertEquals("Rollback", rejected.getVerdict());
    assertTrue(rejected.getEvidence() >= 100);
  }

  @Test
  void aStepTheJudgeRollsBackAsksNoGate() {
    Rollout rollout = Rollout.initialized(judged());
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    StepPlan step =
        CanaryStateMachine.plan(rollout.canary, rollout.now, Canaries.DEFAULT_DEADLINE)
            .observed(seen(REV_2));
    assertEquals(java.util.Set.of(HookType.CONFIRM_TRAFFIC_INCREASE), step.calls().gates());
    Observations broken = counts(600, 30, 5400, 5);
    assertEquals(java.util.Set.of(), step.gatesToAsk(HookOutcomes.none(), broken.checks()));
    assertFalse(step.gatesToAsk(HookOutcomes.none(), counts(600, 0, 5400, 5).checks()).isEmpty());
  }

  @Test
  void aNewRunStartsItsOwnEvidence() {
    Rollout rollout = Rollout.initialized(judged());
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(counts(600, 3, 5400, 6));
    assertEquals(1, rollout.canary.getStatus().getJudge().getSignals().get(0).getIntervals());

    rollout.tick(seen(Canaries.REV_3)); // a new revision restarts the run
    rollout.tick(seen(Canaries.REV_3)); // its first step starts the evidence again
    JudgeSignalStatus fresh = rollout.canary.getStatus().getJudge().getSignals().get(0);
    assertEquals(0, fresh.getIntervals());
    assertEquals(1.0, fresh.getEvidence());
  }

  @Test
  void aSignalThatCouldNotBeReadKeepsItsEvidenceAndSaysWhy() {
    Rollout rollout = Rollout.initialized(judged());
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    rollout.tick(counts(600, 3, 5400, 6));
    double evidence = rollout.canary.getStatus().getJudge().getSignals().get(0).getEvidence();
    Observations unreadable =
        seen(REV_2)
            .withChecks(
                Checks.none()
                    .withJudge(
                        new JudgeReadings(
                            Map.of(), Map.of(), Map.of("errors", "prometheus: timed out"))));
    rollout.tick(unreadable);
    JudgeSignalStatus after = rollout.canary.getStatus().getJudge().getSignals().get(0);
    assertEquals(evidence, after.getEvidence());
    assertEquals("NoData", after.getVerdict());
    assertTrue(after.getReason().startsWith("prometheus: timed out; canary errors 3 of 600"));
  }
}

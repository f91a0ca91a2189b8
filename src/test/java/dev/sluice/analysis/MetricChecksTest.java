package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.MetricStatus;
import dev.sluice.query.MetricVerdict;
import dev.sluice.query.MetricVerdict.Outcome;
import dev.sluice.query.MetricVerdict.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How metric verdicts move a weighted run: count, hold, pass, and land in status. */
class MetricChecksTest {

  private static Observations with(MetricVerdict... verdicts) {
    Observations ok = seen(REV_2);
    return new Observations(
        ok.targetRevision(),
        ok.trackedConfigs(),
        ok.primary(),
        ok.canary(),
        ok.primaryReplicas(),
        Checks.of(List.of(verdicts)));
  }

  private static MetricVerdict verdict(Outcome outcome, Double value, String reason) {
    return new MetricVerdict("request-success-rate", value, new Range(99.0, null), outcome, reason);
  }

  private static Rollout progressingAt(int weight) {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    while (rollout.status().getCanaryWeight() < weight) {
      rollout.tick(seen(REV_2));
    }
    return rollout;
  }

  @Test
  void checksAreDueOnlyWhenTheCanaryGetsTraffic() {
    // given a run at weight 0 and the same run one step later
    Rollout atZero = Rollout.initialized(Canaries.stepWeight(10, 50));
    atZero.tick(seen(REV_2));
    Rollout atTen = progressingAt(10);

    // then a weighted canary with no traffic has nothing to judge
    assertFalse(Canaries.calls(atZero.canary, seen(REV_2), atZero.now).checks());
    assertTrue(Canaries.calls(atTen.canary, seen(REV_2), atTen.now).checks());
    assertFalse(
        Canaries.calls(atTen.canary, Canaries.canaryNotReady(REV_2, "x"), atTen.now).checks());
  }

  @Test
  void passingMetricsAdvanceAndAreRecordedInStatus() {
    // given a run at weight 10
    Rollout rollout = progressingAt(10);

    // when the metric passes
    Decision decision =
        rollout.tick(with(verdict(Outcome.PASS, 99.5, "request-success-rate 99.5 ok")));

    // then the run advances and status shows the value, the range and the verdict
    assertEquals(20, decision.status().getCanaryWeight());
    MetricStatus metric = decision.status().getAnalysis().getMetrics().get(0);
    assertEquals("request-success-rate", metric.getName());
    assertEquals(99.5, metric.getValue());
    assertEquals(99.0, metric.getMin());
    assertEquals("Pass", metric.getVerdict());
  }

  @Test
  void aFailingMetricCountsAndItsReasonIsInTheEvent() {
    Rollout rollout = progressingAt(10);

    Decision decision =
        rollout.tick(with(verdict(Outcome.FAIL, 91.0, "request-success-rate 91 < 99 (min)")));

    assertEquals(1, decision.status().getFailedChecks());
    assertEquals(10, decision.status().getCanaryWeight());
    assertTrue(decision.events().get(0).message().contains("request-success-rate 91 < 99 (min)"));
    assertEquals("Fail", decision.status().getAnalysis().getMetrics().get(0).getVerdict());
  }

  @Test
  void aHeldMetricNeitherCountsNorAdvances() {
    Rollout rollout = progressingAt(10);

    Decision first = rollout.tick(with(verdict(Outcome.HOLD, null, "no values found; step held")));
    Decision second = rollout.tick(with(verdict(Outcome.HOLD, null, "no values found; step held")));

    assertEquals(10, second.status().getCanaryWeight());
    assertEquals(0, second.status().getFailedChecks());
    assertEquals(List.of("Waiting"), Canaries.reasons(first));
    assertEquals(List.of(), Canaries.reasons(second), "one event for an unchanged hold");
  }
}

package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.MetricStatus;
import dev.sluice.api.v1beta1.NoDataPolicy;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.query.MetricVerdict.Outcome;
import dev.sluice.query.MetricVerdict.Range;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MetricEvaluatorTest {

  static CanaryMetric metric(String name, Double min, Double max) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName(name);
    if (min != null || max != null) {
      ThresholdRange range = new ThresholdRange();
      range.setMin(min);
      range.setMax(max);
      metric.setThresholdRange(range);
    }
    return metric;
  }

  static CanaryMetric deprecated(String name, Double threshold) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName(name);
    metric.setThreshold(threshold);
    return metric;
  }

  static CanaryMetric templated(CanaryMetric metric) {
    CrossNamespaceReference ref = new CrossNamespaceReference();
    ref.setName("t");
    metric.setTemplateRef(ref);
    return metric;
  }

  static MetricVerdict value(CanaryMetric metric, double value) {
    return MetricEvaluator.evaluate(metric, new QueryResult.Value(value), null);
  }

  static Double nullable(String s) {
    return s == null ? null : Double.valueOf(s);
  }

  @ParameterizedTest(name = "[{0}, {1}] value {2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        // min max value outcome reason
        "99, -, 97.2, FAIL, request-success-rate 97.2 < 99 (min)",
        "99, -, 99, PASS, request-success-rate 99 >= 99 (min)",
        "99, -, 100, PASS, request-success-rate 100 >= 99 (min)",
        "-, 1, 1, PASS, request-success-rate 1 <= 1 (max)",
        "-, 1, 1.5, FAIL, request-success-rate 1.5 > 1 (max)",
        "90, 99, 95.123456789, PASS, 'request-success-rate 95.1235 in [90, 99]'",
        "90, 99, 89.99, FAIL, request-success-rate 89.99 < 90 (min)",
        "90, 99, 99.01, FAIL, request-success-rate 99.01 > 99 (max)",
        "-, -, -5, PASS, request-success-rate -5 (no bounds)",
      })
  void thresholdRangeOfTheSuccessRate(
      String min, String max, double value, Outcome outcome, String reason) {
    // given a thresholdRange (an empty one when neither bound is set)
    CanaryMetric metric = metric("request-success-rate", nullable(min), nullable(max));
    if (metric.getThresholdRange() == null) {
      metric.setThresholdRange(new ThresholdRange());
    }

    // when
    MetricVerdict verdict = value(metric, value);

    // then
    assertEquals(outcome, verdict.outcome());
    assertEquals(reason, verdict.reason());
    assertEquals(new Range(nullable(min), nullable(max)), verdict.range());
    assertEquals("request-success-rate", verdict.metric());
  }

  @ParameterizedTest(name = "custom [{0}, {1}] value {2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, 0.5, 0.4999, PASS, latency 0.4999 <= 0.5 (max)",
        "-, 0.5, 0.5001, FAIL, latency 0.5001 > 0.5 (max)",
        "10, 1000, 9.99, FAIL, latency 9.99 < 10 (min)",
        "10, 1000, 1000, PASS, 'latency 1000 in [10, 1000]'",
        "-, 5, +Infinity, FAIL, latency +Inf > 5 (max)",
      })
  void thresholdRangeOfACustomMetric(
      String min, String max, double value, Outcome outcome, String reason) {
    MetricVerdict verdict =
        value(templated(metric("latency", nullable(min), nullable(max))), value);
    assertEquals(outcome, verdict.outcome());
    assertEquals(reason, verdict.reason());
    assertEquals(value, verdict.value());
  }

  @ParameterizedTest(name = "request-duration max {0} value {1} -> {2}")
  @CsvSource({
    // Flagger compares time.Durations of whole milliseconds: 500.9 ms is 500 ms
    "500, 499.2, PASS, request-duration 499 <= 500 (max)",
    "500, 500.9, PASS, request-duration 500 <= 500 (max)",
    "500, 501.2, FAIL, request-duration 501 > 500 (max)",
    "500.7, 500.9, PASS, request-duration 500 <= 500 (max)",
  })
  void builtinDurationIsJudgedInWholeMilliseconds(
      double max, double value, Outcome outcome, String reason) {
    MetricVerdict verdict = value(metric("request-duration", null, max), value);
    assertEquals(outcome, verdict.outcome());
    assertEquals(reason, verdict.reason());
    assertEquals(Math.floor(value), verdict.value());
  }

  @Test
  void deprecatedThresholdIsTheMinimumOfTheSuccessRate() {
    MetricVerdict low = value(deprecated("request-success-rate", 99.0), 97.2);
    assertEquals(Outcome.FAIL, low.outcome());
    assertEquals("request-success-rate 97.2 < 99 (min, deprecated threshold)", low.reason());
    assertEquals(new Range(99.0, null), low.range());
    assertEquals(Outcome.PASS, value(deprecated("request-success-rate", 99.0), 99.5).outcome());
  }

  @Test
  void deprecatedThresholdIsTheMaximumOfTheDuration() {
    MetricVerdict slow = value(deprecated("request-duration", 500.0), 612.7);
    assertEquals(Outcome.FAIL, slow.outcome());
    assertEquals("request-duration 612 > 500 (max, deprecated threshold)", slow.reason());
    assertEquals(new Range(null, 500.0), slow.range());
    assertEquals(Outcome.PASS, value(deprecated("request-duration", 500.0), 120).outcome());
  }

  @Test
  void deprecatedThresholdIsTheMaximumOfACustomMetricEvenWithABuiltinName() {
    // a request-success-rate that brings its own template is judged as Flagger judges templates
    MetricVerdict verdict = value(templated(deprecated("request-success-rate", 99.0)), 99.5);
    assertEquals(Outcome.FAIL, verdict.outcome());
    assertEquals("request-success-rate 99.5 > 99 (max, deprecated threshold)", verdict.reason());
  }

  @Test
  void unsetThresholdIsFlaggersZero() {
    // Flagger: without any threshold a duration above 0 ms fails, a success rate never does
    MetricVerdict duration = value(deprecated("request-duration", null), 12);
    assertEquals(Outcome.FAIL, duration.outcome());
    assertEquals(
        "request-duration 12 > 0 (max, no thresholdRange, deprecated threshold unset: 0 as in"
            + " Flagger)",
        duration.reason());
    assertEquals(Outcome.PASS, value(deprecated("request-success-rate", null), 0.5).outcome());
  }

  @Test
  void thresholdRangeWinsOverTheDeprecatedThreshold() {
    CanaryMetric metric = metric("request-success-rate", 90.0, null);
    metric.setThreshold(99.0);
    assertEquals(Outcome.PASS, value(metric, 95).outcome());
  }

  @ParameterizedTest
  @CsvSource({
    "FAIL, NO_DATA_FAILED, 'request-success-rate: no data (no values found); counted as a failed"
        + " check (noData: fail)'",
    "HOLD, HOLD, 'request-success-rate: no data (no values found); step held, not counted as failed"
        + " (noData: hold)'",
    "SKIP, SKIP, 'request-success-rate: no data (no values found); metric skipped this step"
        + " (noData: skip)'",
  })
  void noDataFollowsThePolicy(NoDataPolicy policy, Outcome outcome, String reason) {
    MetricVerdict verdict =
        MetricEvaluator.evaluate(
            metric("request-success-rate", 99.0, null),
            new QueryResult.NoData("no values found"),
            policy);
    assertEquals(outcome, verdict.outcome());
    assertEquals(reason, verdict.reason());
    assertNull(verdict.value());
    assertEquals(new Range(99.0, null), verdict.range());
  }

  @ParameterizedTest
  @EnumSource(NoDataPolicy.class)
  void nanIsNoData(NoDataPolicy policy) {
    MetricVerdict verdict =
        MetricEvaluator.evaluate(
            metric("request-duration", null, 500.0), new QueryResult.Value(Double.NaN), policy);
    assertNull(verdict.value());
    assertTrue(verdict.reason().startsWith("request-duration: no data (the query returned NaN); "));
    assertEquals(
        switch (policy) {
          case FAIL -> Outcome.NO_DATA_FAILED;
          case HOLD -> Outcome.HOLD;
          case SKIP -> Outcome.SKIP;
        },
        verdict.outcome());
  }

  @Test
  void noDataWithoutAPolicyFailsAsInFlagger() {
    MetricVerdict verdict =
        MetricEvaluator.evaluate(
            metric("request-duration", null, 500.0), new QueryResult.NoData("empty result"), null);
    assertEquals(Outcome.NO_DATA_FAILED, verdict.outcome());
    assertTrue(verdict.outcome().countsAsFailedCheck());
  }

  @ParameterizedTest
  @EnumSource(NoDataPolicy.class)
  void failedQueryAlwaysFailsWithTheProvidersReason(NoDataPolicy policy) {
    MetricVerdict verdict =
        MetricEvaluator.evaluate(
            metric("request-success-rate", 99.0, null),
            new QueryResult.Failed("HTTP 503 from http://prometheus:9090"),
            policy);
    assertEquals(Outcome.FAIL, verdict.outcome());
    assertEquals(
        "request-success-rate: query failed: HTTP 503 from http://prometheus:9090",
        verdict.reason());
    assertNull(verdict.value());
  }

  @Test
  void metricsOwnPolicyIsReadFromTheSpec() {
    CanaryMetric metric = metric("request-success-rate", 99.0, null);
    metric.setNoData("hold");
    assertEquals(
        Outcome.HOLD, MetricEvaluator.evaluate(metric, new QueryResult.NoData("empty")).outcome());
    metric.setNoData(null);
    assertEquals(NoDataPolicy.FAIL, MetricEvaluator.policyOf(metric));
  }

  @Test
  void unknownPolicyIsRefusedByName() {
    CanaryMetric metric = metric("request-success-rate", 99.0, null);
    metric.setNoData("ignore");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MetricEvaluator.policyOf(metric));
    assertEquals(
        "metric request-success-rate: noData must be fail, hold or skip, not \"ignore\"",
        e.getMessage());
  }

  @Test
  void onlyFailAndNoDataFailedCountAsFailedChecks() {
    assertTrue(Outcome.FAIL.countsAsFailedCheck());
    assertTrue(Outcome.NO_DATA_FAILED.countsAsFailedCheck());
    assertFalse(Outcome.PASS.countsAsFailedCheck());
    assertFalse(Outcome.HOLD.countsAsFailedCheck());
    assertFalse(Outcome.SKIP.countsAsFailedCheck());
  }

  @Test
  void verdictBecomesTheMetricsStatus() {
    // given
    MetricVerdict verdict = value(metric("request-success-rate", 99.0, 100.0), 97.2);

    // when
    MetricStatus status = verdict.toStatus(Instant.parse("2026-01-01T00:01:02.345Z"));

    // then
    assertEquals("request-success-rate", status.getName());
    assertEquals(97.2, status.getValue());
    assertEquals(99.0, status.getMin());
    assertEquals(100.0, status.getMax());
    assertEquals("Fail", status.getVerdict());
    assertEquals("request-success-rate 97.2 < 99 (min)", status.getReason());
    assertEquals("2026-01-01T00:01:02Z", status.getLastUpdateTime());
  }

  @Test
  void statusVerdictNamesOfEveryOutcome() {
    assertEquals("Pass", Outcome.PASS.statusVerdict().name());
    assertEquals("Fail", Outcome.FAIL.statusVerdict().name());
    assertEquals("NoData", Outcome.NO_DATA_FAILED.statusVerdict().name());
    assertEquals("Hold", Outcome.HOLD.statusVerdict().name());
    assertEquals("Skip", Outcome.SKIP.statusVerdict().name());
  }

  @Test
  void infiniteValueIsLeftOutOfTheStatusButShownInTheReason() {
    // JSON has no Infinity; the API server would refuse the whole status
    MetricVerdict verdict =
        value(templated(metric("latency", null, 0.5)), Double.POSITIVE_INFINITY);
    MetricStatus status = verdict.toStatus(Instant.EPOCH);
    assertNull(status.getValue());
    assertEquals("latency +Inf > 0.5 (max)", status.getReason());
  }

  @Test
  void noDataStatusHasNoValue() {
    MetricStatus status =
        MetricEvaluator.evaluate(
                metric("request-duration", null, 500.0), new QueryResult.NoData("empty"), null)
            .toStatus(Instant.EPOCH);
    assertNull(status.getValue());
    assertEquals("NoData", status.getVerdict());
    assertEquals(500.0, status.getMax());
  }
}

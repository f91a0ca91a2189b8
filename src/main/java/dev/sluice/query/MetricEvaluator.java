package dev.sluice.query;

import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.NoDataPolicy;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.query.MetricVerdict.Outcome;
import dev.sluice.query.MetricVerdict.Range;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * Judges a metric's query result against its accepted range, with Flagger's semantics.
 *
 * <ul>
 *   <li>{@code thresholdRange}: the value must be {@code >= min} and {@code <= max}; a missing
 *       bound accepts anything on its side.
 *   <li>Without a {@code thresholdRange}, the deprecated {@code threshold} (0 when unset, Go's zero
 *       value) is the minimum of the builtin {@code request-success-rate} and the maximum of every
 *       other metric, the builtin {@code request-duration} included.
 *   <li>The builtin {@code request-duration} is judged in whole milliseconds, value and bounds
 *       truncated, as Flagger does by converting both to a {@code time.Duration}.
 *   <li>No data (or a NaN) counts as a failed check by default, as in Flagger; the metric's {@code
 *       noData} policy may hold the step or skip the metric instead.
 *   <li>A failed query is always a failed check, with the provider's reason.
 * </ul>
 */
public final class MetricEvaluator {

  private static final MathContext SIX_DIGITS = new MathContext(6);

  private MetricEvaluator() {}

  /** Judges with the metric's own {@code noData} policy. */
  public static MetricVerdict evaluate(CanaryMetric metric, QueryResult result) {
    return evaluate(metric, result, policyOf(metric));
  }

  /**
   * Judges {@code result} for {@code metric}.
   *
   * @param noDataPolicy what no data means; null means {@link NoDataPolicy#FAIL}
   */
  public static MetricVerdict evaluate(
      CanaryMetric metric, QueryResult result, NoDataPolicy noDataPolicy) {
    Optional<BuiltinMetric> builtin = BuiltinMetric.of(metric);
    Bounds bounds = bounds(metric, builtin);
    String name = metric.getName();
    if (result instanceof QueryResult.Failed failed) {
      return new MetricVerdict(
          name, null, bounds.range(), Outcome.FAIL, name + ": query failed: " + failed.reason());
    }
    if (result instanceof QueryResult.NoData noData) {
      return noData(name, bounds.range(), noData.reason(), noDataPolicy);
    }
    double value = ((QueryResult.Value) result).value();
    if (Double.isNaN(value)) {
      return noData(name, bounds.range(), "the query returned NaN", noDataPolicy);
    }
    return judge(name, bounds, builtin.orElse(null) == BuiltinMetric.REQUEST_DURATION, value);
  }

  /**
   * The {@code noData} policy of a metric: {@link NoDataPolicy#FAIL} when unset.
   *
   * @throws IllegalArgumentException for a value other than fail, hold or skip (the CRD's enum
   *     refuses those, so only an unvalidated object can carry one)
   */
  public static NoDataPolicy policyOf(CanaryMetric metric) {
    if (metric.getNoData() == null) {
      return NoDataPolicy.FAIL;
    }
    return NoDataPolicy.parse(metric.getNoData())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "metric "
                        + metric.getName()
                        + ": noData must be fail, hold or skip, not \""
                        + metric.getNoData()
                        + "\""));
  }

  /** The applied range, and how it is named in reasons. */
  private record Bounds(Range range, String minLabel, String maxLabel) {}

  private static Bounds bounds(CanaryMetric metric, Optional<BuiltinMetric> builtin) {
    ThresholdRange tr = metric.getThresholdRange();
    if (tr != null) {
      return new Bounds(new Range(tr.getMin(), tr.getMax()), "min", "max");
    }
    double threshold = metric.getThreshold() == null ? 0 : metric.getThreshold();
    String source =
        metric.getThreshold() == null
            ? "no thresholdRange, deprecated threshold unset: 0 as in Flagger"
            : "deprecated threshold";
    if (builtin.orElse(null) == BuiltinMetric.REQUEST_SUCCESS_RATE) {
      return new Bounds(new Range(threshold, null), "min, " + source, null);
    }
    return new Bounds(new Range(null, threshold), null, "max, " + source);
  }

  private static MetricVerdict judge(
      String name, Bounds bounds, boolean wholeMilliseconds, double measured) {
    Range range = bounds.range();
    double value = wholeMilliseconds ? truncate(measured) : measured;
    Double min = wholeMilliseconds ? truncate(range.min()) : range.min();
    Double max = wholeMilliseconds ? truncate(range.max()) : range.max();
    String shown = name + " " + format(value);
    if (min != null && value < min) {
      return new MetricVerdict(
          name,
          value,
          range,
          Outcome.FAIL,
          shown + " < " + format(min) + " (" + bounds.minLabel() + ")");
    }
    if (max != null && value > max) {
      return new MetricVerdict(
          name,
          value,
          range,
          Outcome.FAIL,
          shown + " > " + format(max) + " (" + bounds.maxLabel() + ")");
    }
    return new MetricVerdict(name, value, range, Outcome.PASS, shown + " " + within(min, max));
  }

  private static String within(Double min, Double max) {
    if (min != null && max != null) {
      return "in [" + format(min) + ", " + format(max) + "]";
    }
    if (min != null) {
      return ">= " + format(min) + " (min)";
    }
    if (max != null) {
      return "<= " + format(max) + " (max)";
    }
    return "(no bounds)";
  }

  private static MetricVerdict noData(
      String name, Range range, String why, NoDataPolicy noDataPolicy) {
    NoDataPolicy policy = noDataPolicy == null ? NoDataPolicy.FAIL : noDataPolicy;
    String prefix = name + ": no data (" + why + "); ";
    return switch (policy) {
      case FAIL ->
          new MetricVerdict(
              name,
              null,
              range,
              Outcome.NO_DATA_FAILED,
              prefix + "counted as a failed check (noData: fail)");
      case HOLD ->
          new MetricVerdict(
              name,
              null,
              range,
              Outcome.HOLD,
              prefix + "step held, not counted as failed (noData: hold)");
      case SKIP ->
          new MetricVerdict(
              name, null, range, Outcome.SKIP, prefix + "metric skipped this step (noData: skip)");
    };
  }

  // Go's int64(float64) conversion: toward zero. Infinities stay as they are.
  private static double truncate(double v) {
    return Double.isFinite(v) ? (double) (long) v : v;
  }

  private static Double truncate(Double v) {
    return v == null ? null : truncate(v.doubleValue());
  }

  static String format(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(v).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
  }
}

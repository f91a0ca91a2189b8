package dev.sluice.query;

import dev.sluice.api.v1beta1.MetricCheckVerdict;
import dev.sluice.api.v1beta1.MetricStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The verdict of one metric check.
 *
 * @param metric the metric's name
 * @param value the value judged, or null when the query gave none
 * @param range the accepted range that was applied
 * @param outcome what the step does with this check
 * @param reason readable, e.g. {@code request-success-rate 97.2 < 99 (min)}
 */
public record MetricVerdict(
    String metric, Double value, Range range, Outcome outcome, String reason) {

  /**
   * An accepted range; a null bound accepts anything on that side.
   *
   * @param min lowest accepted value, or null
   * @param max highest accepted value, or null
   */
  public record Range(Double min, Double max) {
    public static final Range ANY = new Range(null, null);
  }

  /** What a check means for the step. */
  public enum Outcome {
    /** The value lies in the range. */
    PASS(MetricCheckVerdict.Pass),
    /** The value lies outside the range, or the query failed. Counts as a failed check. */
    FAIL(MetricCheckVerdict.Fail),
    /** No data under the {@code fail} policy (Flagger's behaviour). Counts as a failed check. */
    NO_DATA_FAILED(MetricCheckVerdict.NoData),
    /** No data under the {@code hold} policy: the step neither advances nor counts a failure. */
    HOLD(MetricCheckVerdict.Hold),
    /** No data under the {@code skip} policy: the check is left out of this step. */
    SKIP(MetricCheckVerdict.Skip);

    private final MetricCheckVerdict statusVerdict;

    Outcome(MetricCheckVerdict statusVerdict) {
      this.statusVerdict = statusVerdict;
    }

    /** Whether the check adds to {@code status.failedChecks}. */
    public boolean countsAsFailedCheck() {
      return this == FAIL || this == NO_DATA_FAILED;
    }

    /** The name shown in {@code status.analysis.metrics[].verdict}. */
    public MetricCheckVerdict statusVerdict() {
      return statusVerdict;
    }
  }

  /**
   * This verdict as {@code status.analysis.metrics[]}. A value that JSON cannot carry (an infinite
   * quantile) is left out; the reason still shows it.
   */
  public MetricStatus toStatus(Instant checkedAt) {
    MetricStatus status = new MetricStatus();
    status.setName(metric);
    status.setValue(value != null && Double.isFinite(value) ? value : null);
    status.setMin(range.min());
    status.setMax(range.max());
    status.setVerdict(outcome.statusVerdict().name());
    status.setReason(reason);
    status.setLastUpdateTime(checkedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    return status;
  }
}

package dev.sluice.query;

import dev.sluice.api.v1beta1.CanaryMetric;
import java.util.Arrays;
import java.util.Optional;

/** Flagger's two builtin metrics, checked without a MetricTemplate. */
public enum BuiltinMetric {
  /** Percent (0-100) of requests not answered with a 5xx. */
  REQUEST_SUCCESS_RATE("request-success-rate"),
  /** 99th percentile of the request duration, in milliseconds (NGINX: the mean, as in Flagger). */
  REQUEST_DURATION("request-duration");

  private final String metricName;

  BuiltinMetric(String metricName) {
    this.metricName = metricName;
  }

  /** The name in {@code spec.analysis.metrics[].name}. */
  public String metricName() {
    return metricName;
  }

  /** The builtin with this name, if any. */
  public static Optional<BuiltinMetric> named(String name) {
    return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst();
  }

  /**
   * The builtin a metric asks for: a builtin name and neither a {@code templateRef} nor an inline
   * {@code query}. A metric named {@code request-success-rate} that brings its own query is a
   * custom metric (Flagger would run both checks; Sluice runs the one the user wrote).
   */
  public static Optional<BuiltinMetric> of(CanaryMetric metric) {
    if (metric.getTemplateRef() != null
        || (metric.getQuery() != null && !metric.getQuery().isBlank())) {
      return Optional.empty();
    }
    return named(metric.getName());
  }
}

package dev.sluice.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A mesh's builtin count queries for the judge ({@code analysis.judge}): the requests over {@code
 * {{ interval }}}, the errors among them (5xx, as the mesh's {@code request-success-rate} counts
 * them) and the requests slower than a bound, read from the mesh's latency histogram as all
 * requests minus those of the bucket {@code le} = bound.
 *
 * <p>Each template is rendered twice, once for the canary and once for the primary: {@code {{
 * target }}} is then the name the mesh's metrics know each by ({@link #canaryTarget}, {@link
 * #primaryTarget}, where {@code %s} is {@code spec.targetRef.name}), and {@code {{ variables.le }}}
 * matches the bucket bound of {@code slowerThan} in the histogram's unit.
 *
 * @param requests all requests over {@code {{ interval }}}
 * @param errors the failed ones; answers 0 when no failure was ever counted
 * @param slower the requests slower than {@code {{ variables.le }}}
 * @param bucketUnit the unit of the histogram's bounds (a second, a millisecond)
 * @param canaryTarget the canary's {@code {{ target }}}, a format of the target's name
 * @param primaryTarget the primary's {@code {{ target }}}, a format of the target's name
 */
public record CountQueries(
    String requests,
    String errors,
    String slower,
    Duration bucketUnit,
    String canaryTarget,
    String primaryTarget) {

  /** The variable of the slow bucket's bound in {@link #slower}: {@code {{ variables.le }}}. */
  public static final String LE = "le";

  /** The workloads: {@code {{ target }}} is the canary's Deployment, then {@code NAME-primary}. */
  public static final String WORKLOAD = "%s";

  public static final String PRIMARY_WORKLOAD = "%s-primary";

  public CountQueries {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(slower, "slower");
    Objects.requireNonNull(bucketUnit, "bucketUnit");
  }

  /**
   * The queries of a mesh whose metrics count requests in a counter and latency in a histogram.
   *
   * @param counter the counter's name and selector without the closing brace, e.g. {@code
   *     istio_requests_total{reporter="destination", destination_workload=~"{{ target }}"}
   * @param errorMatcher the matcher of a failed request, e.g. {@code response_code=~"5.*"}
   * @param histogram the histogram's {@code _bucket} series, as {@code counter}
   * @param unit the unit of the histogram's bounds
   */
  public static CountQueries of(
      String counter,
      String errorMatcher,
      String histogram,
      Duration unit,
      String canaryTarget,
      String primaryTarget) {
    String window = "[{{ interval }}]))";
    return new CountQueries(
        "sum(increase(" + counter + "}" + window,
        // the series of failures appears with the first failure: none yet counts 0
        "(sum(increase(" + counter + ", " + errorMatcher + "}" + window + " or vector(0))",
        "sum(increase("
            + histogram
            + ", le=\"+Inf\"}"
            + window
            + " - sum(increase("
            + histogram
            + ", le=~\"{{ variables."
            + LE
            + " }}\"}"
            + window,
        unit,
        canaryTarget,
        primaryTarget);
  }

  /**
   * The workloads' own metrics: {@code {{ target }}} is {@code NAME}, then {@code NAME-primary}.
   */
  public static CountQueries ofWorkloads(
      String counter, String errorMatcher, String histogram, Duration unit) {
    return of(counter, errorMatcher, histogram, unit, WORKLOAD, PRIMARY_WORKLOAD);
  }

  /**
   * A regular expression (without backslashes) matching the {@code le} label of the bucket at
   * {@code bound} in {@code unit}: {@code 500ms} in milliseconds is {@code 500}, {@code 500.0},
   * ...; in seconds {@code 0.5}, {@code .50}, ... (exporters and Prometheus versions write the same
   * bound in different ways).
   */
  public static String bucketBound(Duration bound, Duration unit) {
    BigDecimal value =
        new BigDecimal(bound.toNanos()).divide(new BigDecimal(unit.toNanos())).stripTrailingZeros();
    String plain = value.toPlainString();
    int dot = plain.indexOf('.');
    if (dot < 0) {
      return plain + "([.]0*)?";
    }
    String whole = plain.substring(0, dot);
    String fraction = plain.substring(dot + 1);
    return ("0".equals(whole) ? "0?" : whole) + "[.]" + fraction + "0*";
  }
}

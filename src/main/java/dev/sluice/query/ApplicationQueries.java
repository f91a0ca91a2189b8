package dev.sluice.query;

import java.time.Duration;
import java.util.Map;

/**
 * The builtin queries over the application's own {@code http_request_duration_seconds} histogram,
 * scraped from the target's pods, for mesh providers that export no request metrics of their own
 * (plain Kubernetes, Gateway API). Flagger uses them for {@code kubernetes} and silently falls back
 * to Istio's metrics for Gateway API; Sluice uses the application's metrics for both, which exist
 * whatever implements the Gateway API. The duration is in milliseconds: Flagger converts the
 * application's seconds in Go, here the {@code * 1000} is part of the query.
 */
public final class ApplicationQueries {

  // Pods of the target's ReplicaSets are named <target>-<hash>-<suffix>.
  private static final String SUCCESS_RATE =
      """
      sum(rate(http_request_duration_seconds_count{
          kubernetes_namespace="{{ namespace }}",
          kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",
          status!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(http_request_duration_seconds_count{
          kubernetes_namespace="{{ namespace }}",
          kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
        }[{{ interval }}]))
      * 100""";

  private static final String DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(http_request_duration_seconds_bucket{
            kubernetes_namespace="{{ namespace }}",
            kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
          }[{{ interval }}])) by (le))
      * 1000""";

  private static final String POD_SELECTOR =
      "kubernetes_namespace=\"{{ namespace }}\","
          + " kubernetes_pod_name=~\"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"";

  /** The query template of each builtin metric. */
  public static final Map<BuiltinMetric, String> QUERIES =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, DURATION);

  private ApplicationQueries() {}

  /**
   * The judge's counts from the same histogram: {@code {{ target }}} is the canary's Deployment,
   * then {@code NAME-primary}, whose pods the same pattern matches.
   */
  public static final CountQueries COUNTS =
      CountQueries.ofWorkloads(
          "http_request_duration_seconds_count{" + POD_SELECTOR,
          "status=~\"5.*\"",
          "http_request_duration_seconds_bucket{" + POD_SELECTOR,
          Duration.ofSeconds(1));
}

package dev.sluice.query;

import dev.sluice.api.v1beta1.SmiProvider;
import java.util.Map;
import java.util.Optional;

/**
 * The PromQL of the builtin metrics for each provider, with Flagger's semantics (its observers in
 * {@code pkg/metrics/observers}), as query templates for {@link QueryTemplate}.
 *
 * <ul>
 *   <li>{@code istio}: Istio's standard metrics as reported by the destination workload.
 *   <li>{@code linkerd}: the proxy's inbound metrics of the target deployment.
 *   <li>{@code osm}: Open Service Mesh's {@code osm_request_*} metrics of the target deployment.
 *   <li>{@code smi:<version>:<mesh>}: the queries of {@code <mesh>} ({@code istio}, {@code linkerd}
 *       or {@code osm}).
 *   <li>{@code kubernetes} and {@code gatewayapi[:version]}: the application's own {@code
 *       http_request_duration_seconds} histogram, scraped from the target's pods. Flagger uses it
 *       for {@code kubernetes} and silently falls back to Istio's metrics for Gateway API; Sluice
 *       uses the application's metrics for both, which exist whatever implements the Gateway API.
 *   <li>{@code nginx}: the ingress controller's metrics of the Canary's ingress. Its duration is
 *       the mean upstream response time ({@code nginx_ingress_controller_response_duration_seconds}
 *       sum over count), not a P99, as in Flagger since fluxcd/flagger#1686. The summary {@code
 *       nginx_ingress_controller_ingress_upstream_latency_seconds} that Flagger read before is the
 *       upstream connect time, and ingress-nginx no longer exports it.
 *   <li>{@code traefik}: Traefik's {@code traefik_service_request_duration_seconds} histogram of
 *       the canary's Service as the TraefikService reaches it; the success rate counts its {@code
 *       le="+Inf"} bucket, every request, by response code.
 *   <li>{@code contour}: Envoy's upstream cluster metrics of the canary Service's cluster, as
 *       Contour's Envoy exports them ({@code envoy_cluster_upstream_rq} by response code, {@code
 *       envoy_cluster_upstream_rq_time} in milliseconds).
 * </ul>
 *
 * <p>Every {@code request-duration} query yields milliseconds. Flagger converts the application's
 * seconds in Go; here the {@code * 1000} is part of the query, so the query a user copies into
 * Prometheus shows the number the status shows.
 */
public final class BuiltinQueries {

  private static final String ISTIO_SUCCESS_RATE =
      """
      sum(rate(istio_requests_total{
          reporter="destination",
          destination_workload_namespace="{{ namespace }}",
          destination_workload=~"{{ target }}",
          response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(istio_requests_total{
          reporter="destination",
          destination_workload_namespace="{{ namespace }}",
          destination_workload=~"{{ target }}"
        }[{{ interval }}]))
      * 100""";

  private static final String ISTIO_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(istio_request_duration_milliseconds_bucket{
            reporter="destination",
            destination_workload_namespace="{{ namespace }}",
            destination_workload=~"{{ target }}"
          }[{{ interval }}])) by (le))""";

  private static final String LINKERD_SUCCESS_RATE =
      """
      sum(rate(response_total{
          namespace="{{ namespace }}",
          deployment=~"{{ target }}",
          classification!="failure",
          direction="inbound"
        }[{{ interval }}]))
      /
      sum(rate(response_total{
          namespace="{{ namespace }}",
          deployment=~"{{ target }}",
          direction="inbound"
        }[{{ interval }}]))
      * 100""";

  private static final String LINKERD_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(response_latency_ms_bucket{
            namespace="{{ namespace }}",
            deployment=~"{{ target }}",
            direction="inbound"
          }[{{ interval }}])) by (le))""";

  // Pods of the target's ReplicaSets are named <target>-<hash>-<suffix>.
  private static final String APP_SUCCESS_RATE =
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

  private static final String APP_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(http_request_duration_seconds_bucket{
            kubernetes_namespace="{{ namespace }}",
            kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
          }[{{ interval }}])) by (le))
      * 1000""";

  private static final String NGINX_SUCCESS_RATE =
      """
      sum(rate(nginx_ingress_controller_requests{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}",
          status!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(nginx_ingress_controller_requests{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      * 100""";

  private static final String NGINX_DURATION =
      """
      sum(rate(nginx_ingress_controller_response_duration_seconds_sum{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      /
      sum(rate(nginx_ingress_controller_response_duration_seconds_count{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      * 1000""";

  // Traefik names a Kubernetes Service of a TraefikService <namespace>-<service>-<port>, and
  // appends its provider, @kubernetescrd; its histogram is in seconds, counted by response code.
  private static final String TRAEFIK_SUCCESS_RATE =
      """
      sum(rate(traefik_service_request_duration_seconds_bucket{
          service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
          code!~"5..",
          le="+Inf"
        }[{{ interval }}]))
      /
      sum(rate(traefik_service_request_duration_seconds_bucket{
          service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
          le="+Inf"
        }[{{ interval }}]))
      * 100""";

  private static final String TRAEFIK_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(traefik_service_request_duration_seconds_bucket{
            service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"
          }[{{ interval }}])) by (le))
      * 1000""";
  // Open Service Mesh's Envoy metrics of the target deployment, as reported at the destination.
  private static final String OSM_SUCCESS_RATE =
      """
      sum(rate(osm_request_total{
          destination_namespace="{{ namespace }}",
          destination_kind="Deployment",
          destination_name="{{ target }}",
          response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(osm_request_total{
          destination_namespace="{{ namespace }}",
          destination_kind="Deployment",
          destination_name="{{ target }}"
        }[{{ interval }}]))
      * 100""";

  private static final String OSM_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(osm_request_duration_ms_bucket{
            destination_namespace="{{ namespace }}",
            destination_kind="Deployment",
            destination_name="{{ target }}"
          }[{{ interval }}])) by (le))""";

  // Envoy names the upstream cluster of a Service port <namespace>_<service>_<port>; the canary's
  // is <target>-canary, as Flagger's query assumes (the Service is named after the target)
  private static final String CONTOUR_SUCCESS_RATE =
      """
      sum(rate(envoy_cluster_upstream_rq{
          envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+",
          envoy_response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(envoy_cluster_upstream_rq{
          envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+"
        }[{{ interval }}]))
      * 100""";

  // Envoy's upstream request time is in milliseconds already
  private static final String CONTOUR_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(envoy_cluster_upstream_rq_time_bucket{
            envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+"
          }[{{ interval }}])) by (le))""";

  private static final Map<BuiltinMetric, String> ISTIO =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, ISTIO_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, ISTIO_DURATION);
  private static final Map<BuiltinMetric, String> LINKERD =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, LINKERD_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, LINKERD_DURATION);
  private static final Map<BuiltinMetric, String> OSM =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, OSM_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, OSM_DURATION);
  private static final Map<BuiltinMetric, String> APP =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, APP_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, APP_DURATION);
  private static final Map<BuiltinMetric, String> NGINX =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, NGINX_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, NGINX_DURATION);

  private static final Map<BuiltinMetric, String> TRAEFIK =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, TRAEFIK_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, TRAEFIK_DURATION);

  private static final Map<BuiltinMetric, String> CONTOUR =
      Map.of(
          BuiltinMetric.REQUEST_SUCCESS_RATE, CONTOUR_SUCCESS_RATE,
          BuiltinMetric.REQUEST_DURATION, CONTOUR_DURATION);

  private BuiltinQueries() {}

  /**
   * The query template of a builtin metric for a provider ({@code spec.provider} or the
   * controller's mesh provider).
   *
   * @return the template, or empty when the provider or the metric name has no builtin query
   */
  public static Optional<String> query(String provider, String metricName) {
    return BuiltinMetric.named(metricName)
        .flatMap(metric -> queries(provider).map(byMetric -> byMetric.get(metric)));
  }

  /** The builtin queries of {@code provider}, none when it has none. */
  public static Builtins of(String provider) {
    return new Builtins(provider, queries(provider).orElse(Map.of()));
  }

  /** Whether {@code provider} has builtin queries at all. */
  public static boolean supports(String provider) {
    return queries(provider).isPresent();
  }

  /**
   * {@code smi:<version>:<mesh>} gets the named mesh's queries. Flagger gives every {@code smi:}
   * provider Istio's (its fallback), which finds nothing on Linkerd or OSM; without a mesh named,
   * no builtin query is right for every mesh, so there is none (use a MetricTemplate).
   */
  private static Optional<Map<BuiltinMetric, String>> smiMeshQueries(String provider) {
    return SmiProvider.parse(provider)
        .map(SmiProvider::mesh)
        .flatMap(
            mesh ->
                switch (mesh) {
                  case "istio" -> Optional.of(ISTIO);
                  case "linkerd" -> Optional.of(LINKERD);
                  case "osm" -> Optional.of(OSM);
                  default -> Optional.empty();
                });
  }

  private static Optional<Map<BuiltinMetric, String>> queries(String provider) {
    if (provider == null) {
      return Optional.empty();
    }
    if (provider.equals("gatewayapi") || provider.startsWith("gatewayapi:")) {
      return Optional.of(APP);
    }
    return switch (provider) {
      case "istio" -> Optional.of(ISTIO);
      case "linkerd", "smi:linkerd" -> Optional.of(LINKERD);
      case "kubernetes" -> Optional.of(APP);
      case "nginx" -> Optional.of(NGINX);
      case "traefik" -> Optional.of(TRAEFIK);
      case "contour" -> Optional.of(CONTOUR);
      case "osm" -> Optional.of(OSM);
      default -> smiMeshQueries(provider);
    };
  }
}

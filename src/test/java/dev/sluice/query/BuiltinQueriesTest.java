package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builtin queries of every mesh provider (its descriptor's, as {@link MeshProviders} hands them
 * to the resolver), rendered for podinfo in namespace test with a 1m window, against the queries
 * Flagger's observers run for the same Canary ({@code pkg/metrics/observers/*.go}), compared
 * without white space.
 */
class BuiltinQueriesTest {

  static final QueryContext PODINFO =
      new QueryContext("podinfo", "test", "podinfo", "podinfo", "podinfo-ingress", "1m", Map.of());

  // What Flagger's observers send to Prometheus, white space removed.
  static final String ISTIO_SUCCESS_RATE =
      "sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"test\","
          + "destination_workload=~\"podinfo\",response_code!~\"5.*\"}[1m]))"
          + "/sum(rate(istio_requests_total{reporter=\"destination\","
          + "destination_workload_namespace=\"test\",destination_workload=~\"podinfo\"}[1m]))*100";
  static final String ISTIO_DURATION =
      "histogram_quantile(0.99,sum(rate(istio_request_duration_milliseconds_bucket{"
          + "reporter=\"destination\",destination_workload_namespace=\"test\","
          + "destination_workload=~\"podinfo\"}[1m]))by(le))";
  static final String LINKERD_SUCCESS_RATE =
      "sum(rate(response_total{namespace=\"test\",deployment=~\"podinfo\","
          + "classification!=\"failure\",direction=\"inbound\"}[1m]))"
          + "/sum(rate(response_total{namespace=\"test\",deployment=~\"podinfo\","
          + "direction=\"inbound\"}[1m]))*100";
  static final String LINKERD_DURATION =
      "histogram_quantile(0.99,sum(rate(response_latency_ms_bucket{namespace=\"test\","
          + "deployment=~\"podinfo\",direction=\"inbound\"}[1m]))by(le))";
  static final String APP_SUCCESS_RATE =
      "sum(rate(http_request_duration_seconds_count{kubernetes_namespace=\"test\","
          + "kubernetes_pod_name=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\",status!~\"5.*\"}[1m]))"
          + "/sum(rate(http_request_duration_seconds_count{kubernetes_namespace=\"test\","
          + "kubernetes_pod_name=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"}[1m]))*100";
  // Flagger multiplies the seconds by 1000 in Go; Sluice does it in the query.
  static final String APP_DURATION =
      "histogram_quantile(0.99,sum(rate(http_request_duration_seconds_bucket{"
          + "kubernetes_namespace=\"test\","
          + "kubernetes_pod_name=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"}[1m]))by(le))"
          + "*1000";
  static final String NGINX_SUCCESS_RATE =
      "sum(rate(nginx_ingress_controller_requests{namespace=\"test\",ingress=\"podinfo-ingress\","
          + "status!~\"5.*\"}[1m]))"
          + "/sum(rate(nginx_ingress_controller_requests{namespace=\"test\","
          + "ingress=\"podinfo-ingress\"}[1m]))*100";
  static final String NGINX_DURATION =
      "sum(rate(nginx_ingress_controller_response_duration_seconds_sum{namespace=\"test\","
          + "ingress=\"podinfo-ingress\"}[1m]))"
          + "/sum(rate(nginx_ingress_controller_response_duration_seconds_count{"
          + "namespace=\"test\",ingress=\"podinfo-ingress\"}[1m]))*1000";

  static final String TRAEFIK_SUCCESS_RATE =
      "sum(rate(traefik_service_request_duration_seconds_bucket{"
          + "service=~\"test-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd\",code!~\"5..\","
          + "le=\"+Inf\"}[1m]))"
          + "/sum(rate(traefik_service_request_duration_seconds_bucket{"
          + "service=~\"test-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd\",le=\"+Inf\"}[1m]))"
          + "*100";
  static final String TRAEFIK_DURATION =
      "histogram_quantile(0.99,sum(rate(traefik_service_request_duration_seconds_bucket{"
          + "service=~\"test-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd\"}[1m]))by(le))*1000";
  static final String OSM_SUCCESS_RATE =
      "sum(rate(osm_request_total{destination_namespace=\"test\",destination_kind=\"Deployment\","
          + "destination_name=\"podinfo\",response_code!~\"5.*\"}[1m]))"
          + "/sum(rate(osm_request_total{destination_namespace=\"test\","
          + "destination_kind=\"Deployment\",destination_name=\"podinfo\"}[1m]))*100";
  static final String OSM_DURATION =
      "histogram_quantile(0.99,sum(rate(osm_request_duration_ms_bucket{"
          + "destination_namespace=\"test\",destination_kind=\"Deployment\","
          + "destination_name=\"podinfo\"}[1m]))by(le))";

  // Flagger's Contour queries, less the trailing commas of its label lists (same PromQL)
  static final String CONTOUR_SUCCESS_RATE =
      "sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~\"test_podinfo-canary_[0-9a-zA-Z-]+\","
          + "envoy_response_code!~\"5.*\"}[1m]))"
          + "/sum(rate(envoy_cluster_upstream_rq{"
          + "envoy_cluster_name=~\"test_podinfo-canary_[0-9a-zA-Z-]+\"}[1m]))*100";
  static final String CONTOUR_DURATION =
      "histogram_quantile(0.99,sum(rate(envoy_cluster_upstream_rq_time_bucket{"
          + "envoy_cluster_name=~\"test_podinfo-canary_[0-9a-zA-Z-]+\"}[1m]))by(le))";

  static final Map<String, String> FLAGGER =
      Map.ofEntries(
          Map.entry("istio/request-success-rate", ISTIO_SUCCESS_RATE),
          Map.entry("istio/request-duration", ISTIO_DURATION),
          Map.entry("linkerd/request-success-rate", LINKERD_SUCCESS_RATE),
          Map.entry("linkerd/request-duration", LINKERD_DURATION),
          Map.entry("kubernetes/request-success-rate", APP_SUCCESS_RATE),
          Map.entry("kubernetes/request-duration", APP_DURATION),
          Map.entry("gatewayapi:v1/request-success-rate", APP_SUCCESS_RATE),
          Map.entry("gatewayapi:v1/request-duration", APP_DURATION),
          Map.entry("gatewayapi:v1beta1/request-duration", APP_DURATION),
          Map.entry("gatewayapi:v1beta1/request-success-rate", APP_SUCCESS_RATE),
          Map.entry("nginx/request-success-rate", NGINX_SUCCESS_RATE),
          Map.entry("nginx/request-duration", NGINX_DURATION),
          Map.entry("traefik/request-success-rate", TRAEFIK_SUCCESS_RATE),
          Map.entry("traefik/request-duration", TRAEFIK_DURATION),
          Map.entry("osm/request-success-rate", OSM_SUCCESS_RATE),
          Map.entry("osm/request-duration", OSM_DURATION),
          Map.entry("contour/request-success-rate", CONTOUR_SUCCESS_RATE),
          Map.entry("contour/request-duration", CONTOUR_DURATION));

  private static final MeshProviders MESHES = AllMeshProviders.registry();

  private static Optional<String> query(String provider, String metric) {
    return MESHES.builtins(provider).query(metric);
  }

  static String withoutWhiteSpace(String s) {
    return s.replaceAll("\\s+", "");
  }

  @ParameterizedTest
  @CsvSource({
    "istio, request-success-rate",
    "istio, request-duration",
    "linkerd, request-success-rate",
    "linkerd, request-duration",
    "kubernetes, request-success-rate",
    "kubernetes, request-duration",
    "gatewayapi:v1, request-success-rate",
    "gatewayapi:v1, request-duration",
    "gatewayapi:v1beta1, request-duration",
    "gatewayapi:v1beta1, request-success-rate",
    "nginx, request-success-rate",
    "nginx, request-duration",
    "traefik, request-success-rate",
    "traefik, request-duration",
    "osm, request-success-rate",
    "osm, request-duration",
    "contour, request-success-rate",
    "contour, request-duration",
  })
  void renderedBuiltinQueryIsFlaggers(String provider, String metric) {
    // given
    String template = query(provider, metric).orElseThrow();

    // when
    String rendered = QueryTemplate.render("builtin", template, PODINFO);

    // then
    assertEquals(FLAGGER.get(provider + "/" + metric), withoutWhiteSpace(rendered));
  }

  /**
   * An SMI provider naming its mesh gets that mesh's queries. (Flagger's observer factory gives
   * every {@code smi:} provider Istio's, which are right for {@code :istio} only.)
   */
  @ParameterizedTest
  @CsvSource({
    "smi:v1alpha2:istio, istio",
    "smi:v1alpha3:istio, istio",
    "smi:v1alpha1:linkerd, linkerd",
    "smi:v1alpha3:linkerd, linkerd",
    "smi:v1alpha2:osm, osm",
  })
  void anSmiProviderNamingItsMeshGetsThatMeshsQueries(String provider, String mesh) {
    for (String metric : new String[] {"request-success-rate", "request-duration"}) {
      String rendered =
          QueryTemplate.render("builtin", query(provider, metric).orElseThrow(), PODINFO);
      assertEquals(FLAGGER.get(mesh + "/" + metric), withoutWhiteSpace(rendered), provider);
    }
  }

  @Test
  void renderedQueriesKeepTheirLayout() {
    // the query shown to users is readable PromQL, not a single line
    String rendered =
        QueryTemplate.render("builtin", query("istio", "request-duration").orElseThrow(), PODINFO);
    assertTrue(rendered.contains("\n"), rendered);
    assertTrue(rendered.contains("destination_workload=~\"podinfo\""), rendered);
  }

  @Test
  void nginxUsesTheIngressNotTheTarget() {
    String rendered =
        QueryTemplate.render(
            "builtin", query("nginx", "request-success-rate").orElseThrow(), PODINFO);
    assertTrue(rendered.contains("ingress=\"podinfo-ingress\""), rendered);
    assertFalse(rendered.contains("\"podinfo\""), rendered);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "appmesh",
        "gloo",
        "skipper",
        "kuma",
        "",
        "ISTIO",
        "smi:v1alpha3",
        "smi:v1alpha2:consul"
      })
  void providerWithoutBuiltinQueriesHasNone(String provider) {
    assertEquals(Optional.empty(), query(provider, "request-success-rate"));
    assertEquals(Map.of(), MESHES.builtins(provider).queries());
  }

  /**
   * Strings no mesh provider answers to (the validator refuses them) have no builtin queries, even
   * where they look like one that has: there is no mesh to measure them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"smi:linkerd", "gatewayapi", "gatewayapi:v2"})
  void aStringNoMeshAnswersToHasNoBuiltinQueries(String provider) {
    assertEquals(Optional.empty(), MESHES.find(provider));
    assertEquals(Map.of(), MESHES.builtins(provider).queries());
  }

  @Test
  void unknownMetricNameOrNullProviderHasNone() {
    assertEquals(Optional.empty(), query("istio", "error-rate"));
    assertEquals(Optional.empty(), query(null, "request-duration"));
  }
}

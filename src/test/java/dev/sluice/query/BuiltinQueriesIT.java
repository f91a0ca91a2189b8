package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.metricprovider.prometheus.PrometheusClient;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.query.MetricVerdict.Outcome;
import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The builtin {@code request-success-rate} and {@code request-duration} of every provider, resolved
 * from a Canary and run against a real Prometheus that scrapes targets exporting series shaped as
 * Istio's sidecars, Linkerd's proxies, Open Service Mesh, podinfo's own instrumentation, the
 * ingress-nginx controller, Traefik and Contour's Envoy export them (labels included, the ones
 * Prometheus' Kubernetes relabeling adds too).
 *
 * <p>Each test sends a burst of 1000 requests with a chosen share of 5xx and a chosen latency
 * distribution to the canary's series, next to "noise" series the query must leave out (the
 * primary, the other reporter or direction, another namespace or ingress), and checks the value
 * against one computed by hand, and the verdict against a {@code thresholdRange}.
 *
 * <p>Tolerance: every series of a provider lives on one target, so all their samples share the
 * scrape timestamps, and all start the window at 0 (set before the baseline scrape). {@code rate()}
 * then extrapolates every series by the same factor (no extrapolation towards zero, the same to the
 * window's end), which cancels in the ratio of the success rate, in {@code histogram_quantile}'s
 * bucket fractions and in NGINX's sum/count. The value is the hand-computed one up to floating
 * point rounding, hence {@value #TOLERANCE}. Expected durations are chosen off whole milliseconds,
 * so the verdict's Flagger-style truncation to whole ms is deterministic.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class BuiltinQueriesIT {
  private static final Logger LOG = Logger.getLogger(BuiltinQueriesIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final double TOLERANCE = 1e-9;
  private static final String INTERVAL = "5s";

  // Istio's default buckets for istio_request_duration_milliseconds
  private static final double[] ISTIO_MS = {
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
    1800000, 3600000
  };
  // the Linkerd proxy's buckets for response_latency_ms
  private static final double[] LINKERD_MS = {
    1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000,
    20000, 30000, 40000, 50000
  };
  // Envoy's default buckets, which OSM's osm_request_duration_ms uses as Istio's metrics do
  private static final double[] OSM_MS = ISTIO_MS;
  // prometheus/client_golang's DefBuckets, as podinfo's http_request_duration_seconds uses
  private static final double[] APP_SECONDS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

  private static final String CANARY_POD_1 = "podinfo-7d9f8c6b5-x2k4z";
  private static final String CANARY_POD_2 = "podinfo-7d9f8c6b5-b8m2p";
  private static final String PRIMARY_POD = "podinfo-primary-5d4b7c9f8-q7w3n";
  private static final String OTHER_APP_POD = "podinfo-tester-6d8f9c7b4-k2p4x";
  private static final String NGINX_POD_A = "ingress-nginx-controller-6f8d5b9c7-a1b2c";
  private static final String NGINX_POD_B = "ingress-nginx-controller-6f8d5b9c7-d3e4f";
  private static final String NGINX_RESPONSE_DURATION =
      "nginx_ingress_controller_response_duration_seconds";
  private static final String NGINX_CONNECT_LATENCY =
      "nginx_ingress_controller_ingress_upstream_latency_seconds";
  private static final double CONNECT_SECONDS = 0.002;
  // Traefik's default buckets for its request duration histograms
  private static final double[] TRAEFIK_SECONDS = {0.1, 0.3, 1.2, 5};

  // one scrape target per system, as in a cluster
  private static MetricsTarget istio;
  private static MetricsTarget linkerd;
  private static MetricsTarget app;
  private static MetricsTarget nginx;
  private static MetricsTarget traefik;
  private static MetricsTarget osm;
  private static MetricsTarget envoy;
  private static PrometheusProcess prometheus;

  @Inject PrometheusClient client;
  @Inject MeshProviders meshes;

  @Test
  void cdiFindsEveryMeshProviderTheUnitTestsUse() {
    // the unit tests of validation and builtin queries list the descriptors by hand
    assertEquals(AllMeshProviders.registry().supported(), meshes.supported());
  }

  @BeforeAll
  static void startPrometheus() {
    istio = MetricsTarget.start().type("istio_requests_total", "counter");
    linkerd = MetricsTarget.start().type("response_total", "counter");
    app = MetricsTarget.start();
    nginx =
        MetricsTarget.start()
            .type("nginx_ingress_controller_requests", "counter")
            .type(NGINX_CONNECT_LATENCY, "summary");
    traefik = MetricsTarget.start().type("traefik_service_requests_total", "counter");
    envoy = MetricsTarget.start().type("envoy_cluster_upstream_rq", "counter");
    // every series exists at 0 before the first scrape, so each window starts from 0
    istioTraffic(0);
    linkerdTraffic(0);
    linkerdIdle();
    appTraffic("test", 0);
    appTraffic("gateway", 0);
    nginxTraffic(0);
    traefikTraffic(0);
    osm = MetricsTarget.start().type("osm_request_total", "counter");
    osmTraffic(0);
    contourTraffic(0);
    prometheus =
        PrometheusProcess.start(
            List.of(
                istio.hostPort(),
                linkerd.hostPort(),
                app.hostPort(),
                nginx.hostPort(),
                traefik.hostPort(),
                osm.hostPort(),
                envoy.hostPort()));
    LOG.infof("Prometheus ready and scraped in %d ms", prometheus.startupTime().toMillis());
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
    for (MetricsTarget target :
        new MetricsTarget[] {istio, linkerd, app, nginx, traefik, osm, envoy}) {
      if (target != null) {
        target.close();
      }
    }
  }

  // --- istio ---

  @Test
  void istio() {
    burst("istio_requests_total{destination_workload_namespace=\"test\"}", () -> istioTraffic(1));
    Canary canary = canary("istio", "test", null);

    // 1000 requests reported by the destination: 50 are 5xx, the 404s count as successes
    MetricVerdict rate = check(canary, successRate(99.0), 95.0);
    assertVerdict(Outcome.FAIL, 95.0, "request-success-rate 95 < 99 (min)", rate);

    // 982 at 20ms, 15 at 80ms, 3 at 400ms: rank 990 is the 8th of 15 in (50, 100]
    double p99 = 50 + 50 * 8.0 / 15; // 76.67
    MetricVerdict duration = check(canary, duration(500.0), p99);
    assertVerdict(Outcome.PASS, 76.0, "request-duration 76 <= 500 (max)", duration);

    // the judge's counts: 50 5xx and 3 slower than 250ms of 1000; the primary fails every request
    assertCounts(canary, 0.05, 1.0, "250ms", 0.003, 1.0);
  }

  /** Istio's standard labels of a request from the loadtester to {@code workload}. */
  private static String[] istioLabels(String reporter, String workload, String ns, String code) {
    return new String[] {
      "reporter", reporter,
      "source_workload", "flagger-loadtester",
      "source_workload_namespace", "test",
      "source_app", "flagger-loadtester",
      "source_principal", "spiffe://cluster.local/ns/test/sa/flagger-loadtester",
      "destination_workload", workload,
      "destination_workload_namespace", ns,
      "destination_app", "podinfo",
      "destination_version", "unknown",
      "destination_service", "podinfo." + ns + ".svc.cluster.local",
      "destination_service_name", "podinfo",
      "destination_service_namespace", ns,
      "destination_principal", "spiffe://cluster.local/ns/" + ns + "/sa/default",
      "request_protocol", "http",
      "response_code", code,
      "response_flags", "-",
      "grpc_response_status", "",
      "connection_security_policy", reporter.equals("destination") ? "mutual_tls" : "unknown",
    };
  }

  /**
   * Adds {@code n} requests of {@code code} at {@code ms} as both of Istio's metrics count them.
   */
  private static void istioRequests(String[] labels, long n, double ms) {
    istio.add(MetricsTarget.series("istio_requests_total", labels), n);
    istio.observe("istio_request_duration_milliseconds", ISTIO_MS, ms, n, labels);
  }

  /** The traffic of the Istio test, {@code times} over (0 creates the series). */
  private static void istioTraffic(long times) {
    String[] ok = istioLabels("destination", "podinfo", "test", "200");
    istioRequests(ok, 882 * times, 20);
    istioRequests(ok, 15 * times, 80);
    istioRequests(ok, 3 * times, 400);
    istioRequests(istioLabels("destination", "podinfo", "test", "404"), 50 * times, 20);
    istioRequests(istioLabels("destination", "podinfo", "test", "500"), 30 * times, 20);
    istioRequests(istioLabels("destination", "podinfo", "test", "503"), 20 * times, 20);
    // noise: the loadtester's sidecar reports calls to podinfo too (reporter="source"), here
    // with failures Envoy answered itself; the primary; the same workload in another namespace
    istioRequests(istioLabels("source", "podinfo", "test", "503"), 300 * times, 4000);
    istioRequests(istioLabels("destination", "podinfo-primary", "test", "500"), 500 * times, 4000);
    istioRequests(istioLabels("destination", "podinfo", "prod", "503"), 500 * times, 4000);
  }

  // --- linkerd ---

  @Test
  void linkerd() {
    burst("response_total{namespace=\"test\"}", () -> linkerdTraffic(1));
    Canary canary = canary("linkerd", "test", null);

    // 1000 inbound responses, 25 classified as failures: 20 5xx and 5 gRPC errors with HTTP 200
    MetricVerdict rate = check(canary, successRate(95.0), 97.5);
    assertVerdict(Outcome.PASS, 97.5, "request-success-rate 97.5 >= 95 (min)", rate);

    // 983 at 8ms, 12 at 150ms, 5 at 600ms: rank 990 is the 7th of 12 in (100, 200]
    double p99 = 100 + 100 * 7.0 / 12; // 158.33
    MetricVerdict duration = check(canary, duration(100.0), p99);
    assertVerdict(Outcome.FAIL, 158.0, "request-duration 158 > 100 (max)", duration);

    // the judge's counts: the 25 responses classified as failures, the 5 slower than 500ms
    assertCounts(canary, 0.025, 1.0, "500ms", 0.005, 1.0);
  }

  /**
   * The proxy's labels, plus {@code namespace}, {@code deployment} and {@code pod} that Linkerd's
   * Prometheus scrape config adds from the pod's metadata.
   */
  private static String[] linkerdLabels(
      String direction, String deployment, String pod, String code, String classification) {
    List<String> labels =
        new ArrayList<>(
            List.of(
                "direction",
                direction,
                "authority",
                direction.equals("inbound")
                    ? "podinfo.test.svc.cluster.local:9898"
                    : "backend.test.svc.cluster.local:9898",
                "target_addr",
                direction.equals("inbound") ? "10.42.0.12:9898" : "10.42.0.31:9898",
                "tls",
                "true",
                "status_code",
                code,
                "namespace",
                "test",
                "deployment",
                deployment,
                "pod",
                pod,
                "control_plane_ns",
                "linkerd"));
    if (classification != null) {
      labels.add("classification");
      labels.add(classification);
    }
    return labels.toArray(String[]::new);
  }

  /** Adds responses as the proxy counts them: response_total by class, latency by status. */
  private static void linkerdResponses(
      String direction,
      String deployment,
      String code,
      String classification,
      long n,
      double ms,
      String pod) {
    linkerd.add(
        MetricsTarget.series(
            "response_total", linkerdLabels(direction, deployment, pod, code, classification)),
        n);
    linkerd.observe(
        "response_latency_ms",
        LINKERD_MS,
        ms,
        n,
        linkerdLabels(direction, deployment, pod, code, null));
  }

  private static void linkerdTraffic(long times) {
    String pod = CANARY_POD_1;
    linkerdResponses("inbound", "podinfo", "200", "success", 943 * times, 8, pod);
    linkerdResponses("inbound", "podinfo", "200", "success", 12 * times, 150, pod);
    linkerdResponses("inbound", "podinfo", "200", "failure", 5 * times, 600, pod); // grpc-status
    linkerdResponses("inbound", "podinfo", "404", "success", 20 * times, 8, pod);
    linkerdResponses("inbound", "podinfo", "500", "failure", 15 * times, 8, pod);
    linkerdResponses("inbound", "podinfo", "502", "failure", 5 * times, 8, pod);
    // noise: podinfo's own calls to a failing backend; the primary
    linkerdResponses("outbound", "podinfo", "503", "failure", 300 * times, 5000, pod);
    linkerdResponses(
        "inbound", "podinfo-primary", "500", "failure", 500 * times, 5000, PRIMARY_POD);
  }

  /** A meshed deployment that serves nothing: its series exist and stay at 0. */
  private static void linkerdIdle() {
    linkerdResponses("inbound", "idle", "200", "success", 0, 8, "idle-5c9d8f7b6-z9y8x");
  }

  // --- osm ---

  @Test
  void osm() {
    burst("osm_request_total{destination_namespace=\"test\"}", () -> osmTraffic(1));
    Canary canary = canary("osm", "test", null);

    // 1000 requests to the Deployment, 40 of them 5xx, the 404s count as successes
    MetricVerdict rate = check(canary, successRate(99.0), 96.0);
    assertVerdict(Outcome.FAIL, 96.0, "request-success-rate 96 < 99 (min)", rate);

    // 980 at 20ms, 15 at 80ms, 5 at 400ms: rank 990 is the 10th of 15 in (50, 100]
    double p99 = 50 + 50 * 10.0 / 15; // 83.33
    MetricVerdict duration = check(canary, duration(500.0), p99);
    assertVerdict(Outcome.PASS, 83.0, "request-duration 83 <= 500 (max)", duration);

    // the judge's counts: 40 5xx and 5 slower than 250ms of 1000
    assertCounts(canary, 0.04, 1.0, "250ms", 0.005, 1.0);
  }

  /** OSM's labels of a request from the loadtester to Deployment {@code name} in {@code ns}. */
  private static String[] osmLabels(String name, String ns, String pod, String code) {
    return new String[] {
      "source_namespace", "test",
      "source_kind", "Deployment",
      "source_name", "flagger-loadtester",
      "source_pod", "flagger-loadtester-7c8d9f6b5-l9t2q",
      "destination_namespace", ns,
      "destination_kind", "Deployment",
      "destination_name", name,
      "destination_pod", pod,
      "response_code", code,
    };
  }

  private static void osmRequests(String[] labels, long n, double ms) {
    osm.add(MetricsTarget.series("osm_request_total", labels), n);
    osm.observe("osm_request_duration_ms", OSM_MS, ms, n, labels);
  }

  /** The traffic of the OSM test, {@code times} over (0 creates the series). */
  private static void osmTraffic(long times) {
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_1, "200"), 880 * times, 20);
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_2, "200"), 15 * times, 80);
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_1, "200"), 5 * times, 400);
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_2, "404"), 60 * times, 20);
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_1, "500"), 25 * times, 20);
    osmRequests(osmLabels("podinfo", "test", CANARY_POD_2, "503"), 15 * times, 20);
    // noise: the primary; the same Deployment in another namespace
    osmRequests(osmLabels("podinfo-primary", "test", PRIMARY_POD, "500"), 500 * times, 4000);
    osmRequests(osmLabels("podinfo", "prod", CANARY_POD_1, "503"), 500 * times, 4000);
  }

  // --- kubernetes and gatewayapi: the application's own histogram ---

  @ParameterizedTest
  @CsvSource({"kubernetes, test", "gatewayapi:v1, gateway"})
  void applicationMetrics(String provider, String namespace) {
    burst(
        "http_request_duration_seconds_count{kubernetes_namespace=\"" + namespace + "\"}",
        () -> appTraffic(namespace, 1));
    Canary canary = canary(provider, namespace, null);

    // 1000 requests over the canary's two pods, 60 of them 5xx
    MetricVerdict rate = check(canary, successRate(99.0), 94.0);
    assertVerdict(Outcome.FAIL, 94.0, "request-success-rate 94 < 99 (min)", rate);

    // 980 at 30ms, 15 at 0.8s, 5 at 3s: rank 990 is the 10th of 15 in (0.5s, 1s]
    double p99 = (0.5 + 0.5 * 10.0 / 15) * 1000; // 833.33 ms
    MetricVerdict duration = check(canary, duration(1000.0), p99);
    assertVerdict(Outcome.PASS, 833.0, "request-duration 833 <= 1000 (max)", duration);

    // the judge's counts: 60 5xx and 20 slower than 500ms (0.8 s and 3 s) of 1000
    assertCounts(canary, 0.06, 1.0, "500ms", 0.02, 1.0);
  }

  private static void appRequests(
      String namespace, String pod, String path, String status, long n, double seconds) {
    app.observe(
        "http_request_duration_seconds",
        APP_SECONDS,
        seconds,
        n,
        // podinfo's labels, then those of the kubernetes-pods scrape job's relabeling
        "method",
        "GET",
        "path",
        path,
        "status",
        status,
        "app",
        pod.substring(0, pod.lastIndexOf('-', pod.lastIndexOf('-') - 1)),
        "kubernetes_namespace",
        namespace,
        "kubernetes_pod_name",
        pod);
  }

  private static void appTraffic(String ns, long times) {
    appRequests(ns, CANARY_POD_1, "api/info", "200", 470 * times, 0.03);
    appRequests(ns, CANARY_POD_1, "api/echo", "500", 30 * times, 0.03);
    appRequests(ns, CANARY_POD_2, "api/info", "200", 420 * times, 0.03);
    appRequests(ns, CANARY_POD_2, "api/info", "200", 15 * times, 0.8);
    appRequests(ns, CANARY_POD_2, "notfound", "404", 35 * times, 0.03);
    appRequests(ns, CANARY_POD_2, "api/echo", "503", 25 * times, 0.03);
    appRequests(ns, CANARY_POD_2, "delay/3", "504", 5 * times, 3);
    // noise: the primary's pod, and a pod of another deployment whose name starts alike
    appRequests(ns, PRIMARY_POD, "api/echo", "500", 500 * times, 9);
    appRequests(ns, OTHER_APP_POD, "api/echo", "500", 500 * times, 9);
  }

  // --- nginx: the ingress controller's metrics of the Canary's ingressRef ---

  @Test
  void nginx() {
    burst("nginx_ingress_controller_requests{namespace=\"test\"}", () -> nginxTraffic(1));
    Canary canary = canary("nginx", "test", "podinfo-web");

    // 1000 requests through ingress podinfo-web, 20 of them 5xx
    MetricVerdict rate = check(canary, successRate(97.0), 98.0);
    assertVerdict(Outcome.PASS, 98.0, "request-success-rate 98 >= 97 (min)", rate);

    // Flagger's NGINX duration is the mean upstream response time: (600 × 0.1s + 390 × 0.1s + 10
    // × 1.234s) / 1000 = 111.34ms, not the 2ms the backends took to accept the connection
    MetricVerdict duration = check(canary, duration(100.0), 111.34);
    assertVerdict(Outcome.FAIL, 111.0, "request-duration 111 > 100 (max)", duration);
  }

  private static String[] nginxLabels(String pod, String ns, String ingress) {
    return new String[] {
      "controller_class",
      "k8s.io/ingress-nginx",
      "controller_namespace",
      "ingress-nginx",
      "controller_pod",
      pod,
      "ingress",
      ingress,
      "namespace",
      ns,
      "service",
      "podinfo",
    };
  }

  /**
   * {@code n} requests answered {@code status} after {@code seconds} of upstream response time, as
   * ingress-nginx counts them: {@code nginx_ingress_controller_requests} and the {@code
   * nginx_ingress_controller_response_duration_seconds} histogram ({@code upstream_response_time}),
   * with the request's labels. Up to 1.11 the controller also exported the summary {@code
   * nginx_ingress_controller_ingress_upstream_latency_seconds}, which is {@code
   * upstream_connect_time}: here a constant {@value #CONNECT_SECONDS}s, which no response time of
   * these tests equals.
   */
  private static void nginxRequests(
      String pod, String ns, String ingress, String status, long n, double seconds) {
    String[] common = nginxLabels(pod, ns, ingress);
    String[] request = new String[common.length + 10];
    System.arraycopy(common, 0, request, 0, common.length);
    System.arraycopy(
        new String[] {
          "canary", "", "host", "app.example.com", "method", "GET", "path", "/", "status", status
        },
        0,
        request,
        common.length,
        10);
    nginx.add(MetricsTarget.series("nginx_ingress_controller_requests", request), n);
    nginx.observe(NGINX_RESPONSE_DURATION, APP_SECONDS, seconds, n, request);
    // the legacy summary: _sum and _count, and quantile gauges
    nginx.add(MetricsTarget.series(NGINX_CONNECT_LATENCY + "_sum", common), CONNECT_SECONDS * n);
    nginx.add(MetricsTarget.series(NGINX_CONNECT_LATENCY + "_count", common), n);
    for (String q : new String[] {"0.5", "0.9", "0.99"}) {
      String[] quantile = new String[common.length + 2];
      System.arraycopy(common, 0, quantile, 0, common.length);
      quantile[common.length] = "quantile";
      quantile[common.length + 1] = q;
      nginx.set(MetricsTarget.series(NGINX_CONNECT_LATENCY, quantile), CONNECT_SECONDS);
    }
  }

  private static void nginxTraffic(long times) {
    nginxRequests(NGINX_POD_A, "test", "podinfo-web", "200", 560 * times, 0.1);
    nginxRequests(NGINX_POD_A, "test", "podinfo-web", "404", 30 * times, 0.1);
    nginxRequests(NGINX_POD_A, "test", "podinfo-web", "500", 10 * times, 0.1);
    nginxRequests(NGINX_POD_B, "test", "podinfo-web", "200", 360 * times, 0.1);
    nginxRequests(NGINX_POD_B, "test", "podinfo-web", "200", 10 * times, 1.234);
    nginxRequests(NGINX_POD_B, "test", "podinfo-web", "301", 20 * times, 0.1);
    nginxRequests(NGINX_POD_B, "test", "podinfo-web", "502", 5 * times, 0.1);
    nginxRequests(NGINX_POD_B, "test", "podinfo-web", "504", 5 * times, 0.1);
    // noise: an ingress named as the target (not the ingressRef); the same ingress elsewhere
    nginxRequests(NGINX_POD_A, "test", "podinfo", "500", 500 * times, 5);
    nginxRequests(NGINX_POD_A, "prod", "podinfo-web", "503", 500 * times, 5);
  }

  // --- traefik: the proxy's histogram of the canary Service behind the TraefikService ---

  @Test
  void traefik() {
    burst(
        "traefik_service_requests_total{service=\"test-podinfo-canary-80@kubernetescrd\"}",
        () -> traefikTraffic(1));
    Canary canary = canary("traefik", "test", null);

    // 1000 requests reached the canary Service, 30 of them 5xx; the 404s count as successes
    MetricVerdict rate = check(canary, successRate(95.0), 97.0);
    assertVerdict(Outcome.PASS, 97.0, "request-success-rate 97 >= 95 (min)", rate);

    // 960 at 50ms, 20 at 0.2s, 14 at 0.8s, 6 at 3s: rank 990 is the 10th of 14 in (0.3s, 1.2s]
    double p99 = (0.3 + 0.9 * 10.0 / 14) * 1000; // 942.86 ms
    MetricVerdict duration = check(canary, duration(500.0), p99);
    assertVerdict(Outcome.FAIL, 942.0, "request-duration 942 > 500 (max)", duration);

    // the judge's counts: 30 5xx and 20 slower than 300ms of 1000
    assertCounts(canary, 0.03, 1.0, "300ms", 0.02, 1.0);
  }

  /**
   * {@code n} requests to Traefik service {@code service} answered {@code code} after {@code
   * seconds}, as Traefik counts them: {@code traefik_service_requests_total} and the {@code
   * traefik_service_request_duration_seconds} histogram, labelled code, method, protocol, service.
   */
  private static void traefikRequests(String service, String code, long n, double seconds) {
    String[] labels = {"code", code, "method", "GET", "protocol", "http", "service", service};
    traefik.add(MetricsTarget.series("traefik_service_requests_total", labels), n);
    traefik.observe(
        "traefik_service_request_duration_seconds", TRAEFIK_SECONDS, seconds, n, labels);
  }

  private static void traefikTraffic(long times) {
    // a Kubernetes Service of a TraefikService is <namespace>-<name>-<port>@kubernetescrd
    String canary = "test-podinfo-canary-80@kubernetescrd";
    traefikRequests(canary, "200", 900 * times, 0.05);
    traefikRequests(canary, "404", 30 * times, 0.05);
    traefikRequests(canary, "500", 20 * times, 0.05);
    traefikRequests(canary, "503", 10 * times, 0.05);
    traefikRequests(canary, "200", 20 * times, 0.2);
    traefikRequests(canary, "200", 14 * times, 0.8);
    traefikRequests(canary, "200", 6 * times, 3);
    // noise: the primary; the TraefikService itself, which sees both; the canary of the same
    // app in another namespace; another app's Service
    traefikRequests("test-podinfo-primary-80@kubernetescrd", "500", 500 * times, 4);
    traefikRequests("test-podinfo@kubernetescrd", "502", 500 * times, 4);
    traefikRequests("prod-podinfo-canary-80@kubernetescrd", "503", 500 * times, 4);
    traefikRequests("test-frontend-80@kubernetescrd", "500", 500 * times, 4);
  }

  // --- contour: Envoy's upstream cluster metrics of the canary Service ---

  @Test
  void contour() {
    burst(
        "envoy_cluster_upstream_rq{envoy_cluster_name=\"test_podinfo-canary_9898\"}",
        () -> contourTraffic(1));
    Canary canary = canary("contour", "test", null);

    // 1000 requests to the canary's cluster over two Envoy pods, 30 of them 5xx; 404s succeed
    MetricVerdict rate = check(canary, successRate(99.0), 97.0);
    assertVerdict(Outcome.FAIL, 97.0, "request-success-rate 97 < 99 (min)", rate);

    // 987 at 20ms, 8 at 300ms, 5 at 2s: rank 990 is the 3rd of 8 in (250, 500], in Envoy's ms
    double p99 = 250 + 250 * 3.0 / 8; // 343.75
    MetricVerdict duration = check(canary, duration(500.0), p99);
    assertVerdict(Outcome.PASS, 343.0, "request-duration 343 <= 500 (max)", duration);

    // the judge's counts: 30 5xx and 13 slower than 250ms of 1000
    assertCounts(canary, 0.03, 1.0, "250ms", 0.013, 1.0);
  }

  /**
   * {@code n} requests through the Envoy pod {@code pod} to the upstream cluster Contour names
   * {@code <namespace>_<service>_<port>}, answered {@code code} after {@code ms}: the counter by
   * response code and the request-time histogram (Envoy's default buckets, in milliseconds), with
   * the labels of Envoy's Prometheus endpoint and of the scrape.
   */
  private static void envoyRequests(String pod, String cluster, String code, long n, double ms) {
    envoy.add(
        MetricsTarget.series(
            "envoy_cluster_upstream_rq",
            "envoy_response_code",
            code,
            "envoy_cluster_name",
            cluster,
            "kubernetes_namespace",
            "projectcontour",
            "kubernetes_pod_name",
            pod),
        n);
    envoy.observe(
        "envoy_cluster_upstream_rq_time",
        ISTIO_MS,
        ms,
        n,
        "envoy_cluster_name",
        cluster,
        "kubernetes_namespace",
        "projectcontour",
        "kubernetes_pod_name",
        pod);
  }

  private static void contourTraffic(long times) {
    String a = "envoy-7xk2p";
    String b = "envoy-q9m4d";
    String canary = "test_podinfo-canary_9898";
    envoyRequests(a, canary, "200", 500 * times, 20);
    envoyRequests(a, canary, "404", 20 * times, 20);
    envoyRequests(a, canary, "503", 25 * times, 20);
    envoyRequests(b, canary, "200", 442 * times, 20);
    envoyRequests(b, canary, "200", 8 * times, 300);
    envoyRequests(b, canary, "500", 5 * times, 2000);
    // noise: the primary's cluster, the same Service in another namespace, and another Service
    // whose name starts like the canary's
    envoyRequests(a, "test_podinfo-primary_9898", "500", 500 * times, 4000);
    envoyRequests(a, "prod_podinfo-canary_9898", "503", 500 * times, 4000);
    envoyRequests(b, "test_podinfo-canary-v2_9898", "503", 500 * times, 4000);
  }

  // --- no traffic ---

  @Test
  void canaryWithoutAnySeriesIsNoValuesFound() {
    // a namespace Istio never saw a request in
    Canary canary = canary("istio", "idle", null);
    for (CanaryMetric metric : List.of(successRate(99.0), duration(500.0))) {
      MetricQuery.Run query = resolve(canary, metric);
      QueryResult result = client.query(prometheus.endpoint(TIMEOUT), query.query());
      String reason = assertInstanceOf(QueryResult.NoData.class, result, result::toString).reason();
      assertTrue(reason.startsWith("no values found for query: "), reason);
      MetricVerdict verdict = MetricEvaluator.evaluate(metric, result);
      assertEquals(Outcome.NO_DATA_FAILED, verdict.outcome(), verdict::toString);
      assertTrue(
          verdict.reason().startsWith(metric.getName() + ": no data (no values found"),
          verdict.reason());
    }
  }

  @Test
  void canaryWhoseSeriesStandStillIsNaN() {
    // a meshed deployment with series, but no request in the window: 0/0 and a quantile of nothing
    prometheus.awaitSamples("response_total{deployment=\"idle\"}", 2);
    Canary canary = canary("linkerd", "test", null);
    canary.getSpec().getTargetRef().setName("idle");
    for (CanaryMetric metric : List.of(successRate(99.0), duration(500.0))) {
      MetricQuery.Run query = resolve(canary, metric);
      QueryResult result = client.query(prometheus.endpoint(TIMEOUT), query.query());
      String reason = assertInstanceOf(QueryResult.NoData.class, result, result::toString).reason();
      assertTrue(reason.startsWith("query returned NaN"), reason);
      MetricVerdict verdict = MetricEvaluator.evaluate(metric, result);
      assertEquals(Outcome.NO_DATA_FAILED, verdict.outcome(), verdict::toString);
      assertTrue(
          verdict.reason().startsWith(metric.getName() + ": no data (query returned NaN"),
          verdict.reason());
    }
  }

  // --- helpers ---

  /**
   * Takes a baseline scrape of the series at 0, adds the traffic, and waits for two scrapes of it,
   * so that {@code rate(...[5s])} sees the whole burst.
   */
  private static void burst(String selector, Runnable traffic) {
    prometheus.awaitSamples(selector, 1);
    traffic.run();
    prometheus.awaitSamples(selector, 2);
  }

  /** A Canary of Deployment podinfo, analysed every 5s; {@code ingress} only for NGINX. */
  private static Canary canary(String provider, String namespace, String ingress) {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder().withName("podinfo").withNamespace(namespace).build());
    CanarySpec spec = new CanarySpec();
    spec.setProvider(provider);
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName("podinfo");
    spec.setTargetRef(target);
    CanaryService service = new CanaryService();
    service.setName("podinfo");
    service.setPort(9898);
    spec.setService(service);
    if (ingress != null) {
      LocalObjectReference ingressRef = new LocalObjectReference();
      ingressRef.setApiVersion("networking.k8s.io/v1");
      ingressRef.setKind("Ingress");
      ingressRef.setName(ingress);
      spec.setIngressRef(ingressRef);
    }
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval(INTERVAL);
    analysis.setThreshold(5);
    analysis.setMaxWeight(50);
    analysis.setStepWeight(10);
    analysis.setMetrics(new ArrayList<>());
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    return canary;
  }

  private static CanaryMetric successRate(double min) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("request-success-rate");
    metric.setInterval(INTERVAL);
    ThresholdRange range = new ThresholdRange();
    range.setMin(min);
    metric.setThresholdRange(range);
    return metric;
  }

  private static CanaryMetric duration(double max) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("request-duration");
    metric.setInterval(INTERVAL);
    ThresholdRange range = new ThresholdRange();
    range.setMax(max);
    metric.setThresholdRange(range);
    return metric;
  }

  private MetricQuery.Run resolve(Canary canary, CanaryMetric metric) {
    canary.getSpec().getAnalysis().getMetrics().add(metric);
    MetricQuery query =
        QueryResolver.resolve(
            metric,
            QueryContext.of(canary, metric),
            meshes.builtins(canary.getSpec().getProvider()),
            null,
            Set.of(QueryResolver.PROMETHEUS));
    MetricQuery.Run prometheusQuery =
        assertInstanceOf(MetricQuery.Run.class, query, query::toString);
    assertTrue(prometheusQuery.query().contains("[" + INTERVAL + "]"), prometheusQuery::query);
    return prometheusQuery;
  }

  /** Resolves and runs the builtin query, asserts its value and returns the verdict. */
  private MetricVerdict check(Canary canary, CanaryMetric metric, double expected) {
    MetricQuery.Run query = resolve(canary, metric);
    QueryResult result = client.query(prometheus.endpoint(TIMEOUT), query.query());
    double value =
        assertInstanceOf(
                QueryResult.Value.class,
                result,
                () -> result + " for " + canary.getSpec().getProvider() + ": " + query.query())
            .value();
    LOG.infof(
        "%s %s/%s %s = %s (expected %s)",
        canary.getSpec().getProvider(),
        canary.getMetadata().getNamespace(),
        canary.getMetadata().getName(),
        metric.getName(),
        value,
        expected);
    assertEquals(expected, value, TOLERANCE, () -> query.query());
    return MetricEvaluator.evaluate(metric, result);
  }

  /**
   * The judge's builtin counts of the canary and of the primary, as the shares of bad requests
   * among all.
   */
  private void assertCounts(
      Canary canary,
      double canaryErrors,
      double primaryErrors,
      String slowerThan,
      double canarySlow,
      double primarySlow) {
    dev.sluice.api.v1beta1.JudgeSignal errors = new dev.sluice.api.v1beta1.JudgeSignal();
    errors.setName("errors");
    dev.sluice.api.v1beta1.JudgeSignal latency = new dev.sluice.api.v1beta1.JudgeSignal();
    latency.setName("latency");
    latency.setSlowerThan(slowerThan);
    assertShares(canary, errors, canaryErrors, primaryErrors);
    assertShares(canary, latency, canarySlow, primarySlow);
  }

  private void assertShares(
      Canary canary,
      dev.sluice.api.v1beta1.JudgeSignal signal,
      double canaryShare,
      double primaryShare) {
    String provider = canary.getSpec().getProvider();
    JudgeQueries.Queries queries =
        assertInstanceOf(
            JudgeQueries.Queries.class,
            JudgeQueries.resolve(
                canary,
                signal,
                INTERVAL,
                provider,
                meshes.countQueries(provider),
                null,
                null,
                Set.of(QueryResolver.PROMETHEUS)));
    for (JudgeQueries.Role role : JudgeQueries.Role.values()) {
      double all = value(queries.requests().get(role).query());
      double bad = value(queries.bad().get(role).query());
      LOG.infof("%s judge %s %s: %s of %s", provider, signal.getName(), role, bad, all);
      assertTrue(all > 0, provider + " " + role + " has requests");
      double share = role == JudgeQueries.Role.CANARY ? canaryShare : primaryShare;
      // increase() extrapolates each series to the window's edges, where the burst's series may
      // differ by a sample: the shares are the hand-computed ones within 2 %
      assertEquals(
          share,
          bad / all,
          share * 0.02,
          () -> provider + " " + signal.getName() + " " + role + ": " + bad + " of " + all);
    }
  }

  private double value(String promql) {
    QueryResult result = client.query(prometheus.endpoint(TIMEOUT), promql);
    return assertInstanceOf(QueryResult.Value.class, result, () -> result + " for " + promql)
        .value();
  }

  private static void assertVerdict(
      Outcome outcome, double value, String reason, MetricVerdict verdict) {
    assertEquals(outcome, verdict.outcome(), verdict::toString);
    assertEquals(value, verdict.value(), TOLERANCE, verdict::toString);
    assertEquals(reason, verdict.reason());
  }
}

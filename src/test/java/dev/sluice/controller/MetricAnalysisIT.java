package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.MetricStatus;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canaries judged by a real Prometheus process scraping a real HTTP target that serves Istio-shaped
 * request counters with the error rate each test chooses.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class MetricAnalysisIT extends ControllerTestBase {
  private static MetricsTarget target;
  private static PrometheusProcess prometheus;

  @BeforeAll
  static void startPrometheus() {
    target = MetricsTarget.start().type("istio_requests_total", "counter");
    prometheus = PrometheusProcess.start(List.of(target.hostPort()));
  }

  @AfterAll
  static void stopPrometheus() {
    prometheus.close();
    target.close();
  }

  @Test
  void goodMetricsPromote() {
    givenMetricCanary();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(10, weight());

    traffic(1000, 0);
    tick();
    assertEquals(20, weight());
    MetricStatus successRate = metric("request-success-rate");
    assertEquals(100.0, successRate.getValue());
    assertEquals("Pass", successRate.getVerdict());
    assertEquals("Pass", metric("error-count").getVerdict());

    traffic(1000, 0);
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
  }

  @Test
  void badMetricsRollBackWithTheValueInStatusAndEvent() {
    givenMetricCanary();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    tick();

    traffic(900, 100);
    tick();
    assertEquals(1, cluster.canary("podinfo").getStatus().getFailedChecks());
    MetricStatus successRate = metric("request-success-rate");
    assertEquals("Fail", successRate.getVerdict());
    assertEquals(90.0, successRate.getValue(), 0.5);
    assertEquals(99.0, successRate.getMin());
    assertTrue(cluster.events("request-success-rate") >= 1, "the failing value is in the event");

    traffic(900, 100);
    tick();
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
  }

  @Test
  void anUnreachablePrometheusHoldsInitialization() {
    givenCanary(
        "podinfo-metrics.yaml",
        c -> {
          c.getSpec().setMetricsServer("http://127.0.0.1:9");
          return c;
        });
    createErrorsTemplate();

    tick();

    var ready = cluster.canary("podinfo").getStatus().getConditions().get(0);
    assertEquals("MetricsProviderUnavailable", ready.getReason());
    assertTrue(ready.getMessage().contains("127.0.0.1:9"), ready.getMessage());
    assertEquals(null, cluster.deployment("podinfo-primary"), "nothing is taken over");
  }

  private void givenMetricCanary() {
    givenCanary(
        "podinfo-metrics.yaml",
        c -> {
          c.getSpec().setMetricsServer(prometheus.address());
          return c;
        });
    createErrorsTemplate();
    // the counters exist before any traffic, as they do in a mesh, so rate() has a baseline
    target.set(series("200"), 0).set(series("500"), 0);
    prometheus.awaitSamples(selector(), 1);
  }

  private String selector() {
    return "istio_requests_total{destination_workload_namespace=\"" + cluster.namespace + "\"}";
  }

  /** A MetricTemplate with Flagger's variables, counting 5xx responses of the canary. */
  private void createErrorsTemplate() {
    MetricTemplate template =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata:
          name: errors
        spec:
          provider:
            type: prometheus
            address: %s
          query: |
            sum(increase(istio_requests_total{destination_workload_namespace="{{ namespace }}",
              destination_workload="{{ target }}", response_code=~"5.."}[{{ interval }}])) or vector(0)
        """
                    .formatted(prometheus.address()),
                MetricTemplate.class);
    template.getMetadata().setNamespace(cluster.namespace);
    client.resource(template).create();
  }

  /** Requests served by the canary since the last call, then two scrapes so rate() sees them. */
  private void traffic(int ok, int errors) {
    target.add(series("200"), ok);
    target.add(series("500"), errors);
    prometheus.awaitSamples(selector(), 2);
  }

  private String series(String code) {
    return MetricsTarget.series(
        "istio_requests_total",
        "reporter",
        "destination",
        "destination_workload",
        "podinfo",
        "destination_workload_namespace",
        cluster.namespace,
        "response_code",
        code);
  }

  private MetricStatus metric(String name) {
    return cluster.canary("podinfo").getStatus().getAnalysis().getMetrics().stream()
        .filter(m -> name.equals(m.getName()))
        .findFirst()
        .orElseThrow();
  }
}

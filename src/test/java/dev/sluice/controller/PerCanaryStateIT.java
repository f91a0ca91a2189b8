package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.metricprovider.prometheus.PrometheusClient;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the controller keeps per canary (circuit breakers and bulkhead shares of its Prometheus, its
 * metric series) goes when the canary goes, and what it keeps per Prometheus address goes when no
 * canary asks that address any more.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PerCanaryStateIT extends ControllerTestBase {
  private static final int CANARIES = 3;
  private static final String PASSWORD = "s3cr3t-in-url";

  @Inject PrometheusClient prometheusClient;
  @Inject MeterRegistry registry;

  @Test
  void deletedCanariesLeaveNothingKeyedByThemOrTheirPrometheus() {
    int guardsBefore = prometheusClient.heldGuards();
    try (var prometheus = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      String address = "http://sluice:" + PASSWORD + "@127.0.0.1:" + prometheus.port();
      List<ClusterFixture> namespaces = new ArrayList<>();
      String base = cluster.namespace;
      for (int i = 0; i < CANARIES; i++) {
        // given: canaries in namespaces of their own, each checked against one Prometheus
        cluster = i == 0 ? cluster : new ClusterFixture(client, cache, base + "-" + i);
        namespaces.add(cluster);
        givenCanary(
            "podinfo-istio.yaml",
            c -> {
              c.getSpec().setMetricsServer(address);
              c.getSpec().getAnalysis().setMetrics(List.of(successRate()));
              return c;
            });
        givenInitialized();
        whenANewRevisionIsReady();
        runToTheEnd();
      }
      assertTrue(prometheus.received().size() >= CANARIES, "the checks asked Prometheus");
      assertTrue(prometheusClient.heldGuards() > guardsBefore, "the canaries' guards are held");
      assertFalse(prometheusClient.guardKeysContain(PASSWORD), "no key holds the password");
      for (ClusterFixture namespace : namespaces) {
        assertFalse(seriesOf(namespace.namespace).isEmpty(), "the canary has series");
      }

      // when
      for (ClusterFixture namespace : namespaces) {
        cluster = namespace;
        whenTheCanaryIsDeleted();
      }

      // then
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertEquals(guardsBefore, prometheusClient.heldGuards());
                for (ClusterFixture namespace : namespaces) {
                  assertEquals(List.of(), seriesOf(namespace.namespace));
                  assertFalse(prometheusClient.guardKeysContain(namespace.namespace + "/"));
                  assertFalse(ticker.holdsLock(namespace.namespace + "/podinfo"));
                }
              });
    }
  }

  private void runToTheEnd() {
    for (int tick = 0; tick < 20 && phase() != CanaryPhase.Succeeded; tick++) {
      tick();
      cluster.markReady("podinfo-primary");
    }
    assertEquals(CanaryPhase.Succeeded, phase());
  }

  private List<String> seriesOf(String namespace) {
    return registry.getMeters().stream()
        .filter(
            m ->
                m.getId().getTags().stream()
                    .anyMatch(
                        t -> t.getKey().equals("namespace") && t.getValue().equals(namespace)))
        .map(Meter::getId)
        .map(Object::toString)
        .toList();
  }

  /** At least 1%: the Prometheus here answers 1 to every query, the pre-flight's included. */
  private static CanaryMetric successRate() {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("request-success-rate");
    metric.setInterval("1m");
    ThresholdRange range = new ThresholdRange();
    range.setMin(1.0);
    metric.setThresholdRange(range);
    return metric;
  }
}

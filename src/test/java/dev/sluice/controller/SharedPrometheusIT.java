package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.query.MetricVerdict;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Two canaries checked against one Prometheus: the circuit breaker that one canary's failing
 * queries open is that canary's, and the other's checks still pass. Runs with the default {@code
 * sluice.prometheus.*}: an HTTP 500 is not retried, five failures open a breaker.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class SharedPrometheusIT extends ControllerTestBase {
  @Inject MetricAnalyzer analyzer;
  @Inject TickThreads threads;

  @Test
  void aCanaryWhoseQueriesFailOpensItsOwnBreakerAndAnotherCanarysChecksStillPass() {
    LoopbackReceiver.Answer down = LoopbackReceiver.answer(500, "query of death");
    try (var prometheus =
        LoopbackReceiver.answering(down, down, down, down, down, LoopbackReceiver.sample(1))) {
      Canary heavy = canary("heavy", prometheus.address());
      Canary light = canary("light", prometheus.address());
      // given: the heavy canary's checks fail until its breaker opens
      for (int i = 0; i < 5; i++) {
        assertEquals(MetricVerdict.Outcome.FAIL, verdict(heavy).outcome());
      }
      MetricVerdict open = verdict(heavy);
      assertTrue(open.reason().contains("circuit open"), open.reason());

      // when / then: the light canary, on the same Prometheus, is answered and passes
      MetricVerdict passed = verdict(light);
      assertEquals(MetricVerdict.Outcome.PASS, passed.outcome(), passed.reason());
      assertEquals(6, prometheus.received().size(), "the open breaker sent nothing of heavy's");
      assertEquals("sum(up)", prometheus.received().get(5).params().get("query"));
    }
  }

  private MetricVerdict verdict(Canary canary) {
    return analyzer.run(threads.start(false), canary).verdicts().get(0);
  }

  private Canary canary(String name, String prometheus) {
    Canary canary =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: %s
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          service: {port: 9898}
          metricsServer: %s
          analysis:
            interval: 30s
            stepWeight: 10
            metrics:
              - name: up
                interval: 1m
                query: sum(up)
                thresholdRange: {min: 1}
        """
                    .formatted(name, name, prometheus),
                Canary.class);
    canary.getMetadata().setNamespace(cluster.namespace);
    return canary;
  }
}

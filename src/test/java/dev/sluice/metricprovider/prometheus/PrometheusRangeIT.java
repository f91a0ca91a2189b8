package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.metricprovider.RangeResult;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Range queries ({@code query_range}), which the judge reads the primary's history with, against a
 * real Prometheus: one value per step, through the same guards and bounds as instant queries.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PrometheusRangeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String REQUESTS =
      MetricsTarget.series("judge_requests_total", "workload", "podinfo-primary");
  private static final String OTHER =
      MetricsTarget.series("judge_requests_total", "workload", "other");

  private static MetricsTarget app;
  private static PrometheusProcess prometheus;

  @Inject PrometheusClient client;

  @BeforeAll
  static void startPrometheus() {
    app =
        MetricsTarget.start()
            .type("judge_requests_total", "counter")
            .set(REQUESTS, 7)
            .set(OTHER, 1);
    prometheus = PrometheusProcess.start(List.of(app.hostPort()));
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aRangeQueryAnswersOneValuePerStep() {
    prometheus.awaitSamples("judge_requests_total", 3);
    Instant end = Instant.now();

    RangeResult result =
        client.queryRange(
            prometheus.endpoint(TIMEOUT),
            "sum(judge_requests_total{workload=\"podinfo-primary\"})",
            end.minusSeconds(2),
            end,
            Duration.ofSeconds(1),
            "test/podinfo");

    RangeResult.Points points = assertInstanceOf(RangeResult.Points.class, result);
    assertEquals(3, points.values().size(), points.toString());
    points.values().values().forEach(v -> assertEquals(7.0, v));
    assertEquals(end.minusSeconds(2).getEpochSecond(), points.values().firstKey().getEpochSecond());
  }

  @Test
  void aRangeWithoutSeriesIsNoPointsAndSeveralSeriesFail() {
    Instant end = Instant.now();

    RangeResult none =
        client.queryRange(
            prometheus.endpoint(TIMEOUT),
            "sum(judge_requests_total{workload=\"nobody\"})",
            end.minusSeconds(2),
            end,
            Duration.ofSeconds(1),
            "test/podinfo");
    assertTrue(assertInstanceOf(RangeResult.Points.class, none).values().isEmpty());

    RangeResult several =
        client.queryRange(
            prometheus.endpoint(TIMEOUT),
            "judge_requests_total",
            end.minusSeconds(2),
            end,
            Duration.ofSeconds(1),
            "test/podinfo");
    String reason = assertInstanceOf(RangeResult.Failed.class, several).reason();
    assertTrue(reason.contains("2 series"), reason);
  }

  @Test
  void aRejectedRangeQuerySaysWhy() {
    Instant end = Instant.now();

    RangeResult bad =
        client.queryRange(
            prometheus.endpoint(TIMEOUT),
            "sum(",
            end.minusSeconds(2),
            end,
            Duration.ofSeconds(1),
            "test/podinfo");

    String reason = assertInstanceOf(RangeResult.Failed.class, bad).reason();
    assertTrue(reason.contains("Prometheus rejected the query"), reason);
  }
}

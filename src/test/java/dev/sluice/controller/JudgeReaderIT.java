package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.StepPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.judge.Baseline;
import dev.sluice.judge.JudgeReadings;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import dev.sluice.testing.TestClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge's reads against a real Prometheus: the primary's history at a run's first step (range
 * queries, one value per interval, into a baseline), and signals that cannot be read.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class JudgeReaderIT {
  private static final String NS = "history";
  private static MetricsTarget target;
  private static PrometheusProcess prometheus;
  private static final ExecutorService POOL = Executors.newCachedThreadPool();

  @Inject JudgeReader reader;
  @Inject TestClock clock;

  @BeforeAll
  static void startPrometheus() {
    target = MetricsTarget.start().type("istio_requests_total", "counter");
    target.set(series("podinfo-primary", "200"), 0).set(series("podinfo-primary", "500"), 0);
    prometheus = PrometheusProcess.start(List.of(target.hostPort()));
  }

  @AfterAll
  static void stopPrometheus() {
    prometheus.close();
    target.close();
    POOL.shutdownNow();
  }

  @Test
  void theFirstStepReadsThePrimarysHistoryIntervalByInterval() {
    // the primary serves 100 requests a scrape (1 s), 1 of them an error, for 14 scrapes
    for (int i = 0; i < 14; i++) {
      target.add(series("podinfo-primary", "200"), 99).add(series("podinfo-primary", "500"), 1);
      prometheus.awaitSamples(selector(), 1);
    }
    // the controller's clock reads now, as in a cluster
    clock.advance(Duration.between(clock.instant(), Instant.now()));

    JudgeReadings readings = reader.read(window(), canary("3s", "12s", null), first());

    Baseline errors = readings.baselines().get("errors");
    assertTrue(errors.intervals() >= 3, errors.toString());
    assertEquals(0.01, errors.rate(), 0.002, errors.toString());
    assertTrue(readings.intervals().isEmpty(), "no interval counts at the first step");
  }

  @Test
  void aMeshWithoutCountsOrAFailingPrometheusIsAReasonNotACrash() {
    JudgeReadings noMesh =
        reader.read(window(), canary("10s", "1h", "appmesh"), new StepPlan.JudgeCalls(true, true));
    assertTrue(
        noMesh.unreadable().get("errors").contains("provider appmesh has no builtin counts"),
        noMesh.unreadable().toString());

    Canary down = canary("10s", "1h", null);
    down.getSpec().setMetricsServer("http://127.0.0.1:9");
    JudgeReadings failing = reader.read(window(), down, new StepPlan.JudgeCalls(true, true));
    assertTrue(
        failing.unreadable().get("errors").contains("counts failed"),
        failing.unreadable().toString());
    assertNull(failing.intervals().get("errors"));
    assertEquals(Baseline.NONE, failing.baselines().get("errors"));
  }

  @Test
  void latencyWithoutABucketAtTheBoundSaysSo() {
    Canary canary = canary("10s", "0s", null);
    JudgeSignal latency = new JudgeSignal();
    latency.setName(JudgeSignal.LATENCY);
    latency.setSlowerThan("333ms");
    canary.getSpec().getAnalysis().getJudge().setSignals(List.of(latency));

    for (String workload : List.of("podinfo", "podinfo-primary")) {
      target.add(series(workload, "200"), 10);
      target.observe(
          "istio_request_duration_milliseconds",
          new double[] {100, 250, 500},
          20,
          10,
          "reporter",
          "destination",
          "destination_workload",
          workload,
          "destination_workload_namespace",
          NS);
    }
    prometheus.awaitSamples("istio_request_duration_milliseconds_bucket", 2);

    JudgeReadings readings = reader.read(window(), canary, new StepPlan.JudgeCalls(false, true));

    String why = readings.unreadable().get("latency");
    assertTrue(why.contains("is slowerThan a bucket bound of the histogram?"), why);
  }

  private static StepPlan.JudgeCalls first() {
    return new StepPlan.JudgeCalls(true, false);
  }

  private static TickCalls window() {
    return new TickCalls(POOL, Duration.ofSeconds(20), false);
  }

  private static Canary canary(String interval, String history, String provider) {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace(NS).build());
    LocalObjectReference ref = new LocalObjectReference();
    ref.setKind("Deployment");
    ref.setName("podinfo");
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(ref);
    spec.setProvider(provider == null ? "istio" : provider);
    spec.setMetricsServer(prometheus.address());
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval(interval);
    CanaryJudge judge = new CanaryJudge();
    judge.setHistory(history);
    analysis.setJudge(judge);
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    return canary;
  }

  private static String selector() {
    return "istio_requests_total{destination_workload_namespace=\"" + NS + "\"}";
  }

  private static String series(String workload, String code) {
    return MetricsTarget.series(
        "istio_requests_total",
        "reporter",
        "destination",
        "destination_workload",
        workload,
        "destination_workload_namespace",
        NS,
        "response_code",
        code);
  }
}

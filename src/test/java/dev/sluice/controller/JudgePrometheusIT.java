package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.MetricStatus;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge ({@code analysis.judge}) on a real Prometheus scraping a real target that serves
 * Istio's request counters of the canary and of the primary, against Flagger's rule (builtin
 * request-success-rate &ge; 99): the judge stops a canary that fails ten times as often as the
 * primary while staying above 99 %, and lets through a healthy canary on a quiet service whose one
 * error at weight 5 % puts it under 99 %.
 *
 * <p>Counts are deterministic: each step's requests are added to the counters at once, the step is
 * taken once Prometheus has scraped them twice, and the next step's are added only once the last
 * jump has left the analysis interval (10 s), the window the judge's {@code increase()} reads; both
 * workloads' series share one target, hence the same scrape times and the same extrapolation.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class JudgePrometheusIT extends ControllerTestBase {
  private static final Logger LOG = Logger.getLogger(JudgePrometheusIT.class);
  private static final String INTERVAL = "10s";
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
  void theJudgeRollsBackTenTimesThePrimarysErrorsThatFlaggersRulePasses() {
    long started = System.nanoTime();
    givenCanary(true, true, 10, 50);
    givenInitialized();
    whenANewRevisionIsReady();
    tick(Duration.ofSeconds(10)); // the run's first step: weight 10, the primary's history read
    assertEquals(10, weight());

    List<String> successRates = new ArrayList<>();
    // a busy service: 20,000 requests an interval; the canary fails 0.95 %, the primary 0.1 %
    while (phase() == CanaryPhase.Progressing) {
      int weight = weight();
      long canary = 200L * weight;
      long primary = 20_000 - canary;
      traffic(canary, Math.round(canary * 0.0095), primary, primary / 1000);
      tick(Duration.ofSeconds(10));
      successRates.add(metric("request-success-rate").getVerdict());
    }

    assertEquals(CanaryPhase.Failed, phase());
    assertTrue(successRates.stream().allMatch("Pass"::equals), "Flagger's rule: " + successRates);
    JudgeSignalStatus errors = judge("errors");
    assertEquals("Rollback", errors.getVerdict());
    assertTrue(errors.getEvidence() >= 100, errors.getReason());
    assertTrue(cluster.events(errors.getReason().substring(0, 20)) >= 1, errors.getReason());
    LOG.infof(
        "judge rolled back after %d checked steps (%s) in %d s",
        successRates.size(), errors.getReason(), (System.nanoTime() - started) / 1_000_000_000);
  }

  @Test
  void theJudgePromotesAQuietHealthyCanaryWithOneError() {
    long started = System.nanoTime();
    givenCanary(false, true, 5, 10);
    givenInitialized();
    whenANewRevisionIsReady();
    tick(Duration.ofSeconds(10));
    assertEquals(5, weight());

    quietHealthyTraffic();

    assertEquals(CanaryPhase.Promoting, phase());
    JudgeSignalStatus errors = judge("errors");
    assertEquals("Pass", errors.getVerdict(), errors.getReason());
    assertEquals(1L, errors.getCanaryBad(), errors.getReason());
    LOG.infof("judge promoted (%s) in %d s", errors.getReason(), elapsed(started));
  }

  @Test
  void flaggersRuleRollsTheSameQuietHealthyCanaryBack() {
    long started = System.nanoTime();
    givenCanary(true, false, 5, 10);
    givenInitialized();
    whenANewRevisionIsReady();
    tick(Duration.ofSeconds(10));

    quietHealthyTraffic();

    assertEquals(CanaryPhase.Failed, phase());
    assertEquals("Fail", metric("request-success-rate").getVerdict());
    LOG.infof("Flagger's rule rolled back in %d s", elapsed(started));
  }

  /**
   * A quiet service: 300 requests an interval, the primary's 0.7 % errors, the canary's one error
   * among its first 15 (weight 5 %), none after.
   */
  private void quietHealthyTraffic() {
    boolean first = true;
    while (phase() == CanaryPhase.Progressing) {
      int weight = weight();
      long canary = 3L * weight;
      long primary = 300 - canary;
      traffic(canary, first ? 1 : 0, primary, 2);
      first = false;
      tick(Duration.ofSeconds(10));
    }
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000_000;
  }

  private void givenCanary(boolean successRate, boolean judged, int step, int max) {
    givenCanary(
        "podinfo-metrics.yaml",
        c -> {
          c.getSpec().setMetricsServer(prometheus.address());
          var analysis = c.getSpec().getAnalysis();
          analysis.setInterval(INTERVAL);
          analysis.setThreshold(1);
          analysis.setStepWeight(step);
          analysis.setMaxWeight(max);
          List<CanaryMetric> metrics = new ArrayList<>();
          if (successRate) {
            CanaryMetric rate = new CanaryMetric();
            rate.setName("request-success-rate");
            rate.setInterval(INTERVAL);
            ThresholdRange min = new ThresholdRange();
            min.setMin(99.0);
            rate.setThresholdRange(min);
            metrics.add(rate);
          }
          analysis.setMetrics(metrics);
          if (judged) {
            analysis.setJudge(new CanaryJudge());
          }
          return c;
        });
    // the counters exist before any traffic, as they do in a mesh
    for (String workload : List.of("podinfo", "podinfo-primary")) {
      target.set(series(workload, "200"), 0).set(series(workload, "500"), 0);
    }
    prometheus.awaitSamples(selector(), 1);
    quiet();
  }

  /**
   * One interval's requests: once the last ones have left the judge's window, added at once, then
   * scraped twice so that the window holds them.
   */
  private void traffic(long canary, long canaryErrors, long primary, long primaryErrors) {
    quiet();
    target.add(series("podinfo", "200"), canary - canaryErrors);
    target.add(series("podinfo", "500"), canaryErrors);
    target.add(series("podinfo-primary", "200"), primary - primaryErrors);
    target.add(series("podinfo-primary", "500"), primaryErrors);
    prometheus.awaitSamples(selector(), 2);
  }

  /** Waits until no counter of this test changed within the last analysis interval. */
  private void quiet() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              var result = prometheus.query("sum(changes(" + selector() + "[" + INTERVAL + "]))");
              return result.isArray()
                  && result.size() == 1
                  && result.get(0).path("value").path(1).asDouble() == 0;
            });
  }

  private String selector() {
    return "istio_requests_total{destination_workload_namespace=\"" + cluster.namespace + "\"}";
  }

  private String series(String workload, String code) {
    return MetricsTarget.series(
        "istio_requests_total",
        "reporter",
        "destination",
        "destination_workload",
        workload,
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

  private JudgeSignalStatus judge(String name) {
    Canary canary = cluster.canary("podinfo");
    assertNotNull(canary.getStatus().getJudge(), "status.judge");
    return canary.getStatus().getJudge().getSignals().stream()
        .filter(s -> name.equals(s.getName()))
        .findFirst()
        .orElseThrow();
  }
}

package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.kube.ClusterCache;
import dev.sluice.playground.PrometheusProcess;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.RegisterCrds;
import dev.sluice.testing.SilentReceiver;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Ticks fired by Quartz as in production, on its pool of 16: canaries whose hooks never answer hold
 * none of it, so another canary still rolls back on time and a person's abort of a stuck canary is
 * handled at once.
 */
@QuarkusTest
@TestProfile(TickIsolationIT.QuartzTicking.class)
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class TickIsolationIT {
  private static final int STUCK = 16;
  private static final String INTERVAL = "1s";
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

  /**
   * Quartz fires the ticks (it is halted in other tests), at intervals short enough to wait for.
   */
  public static class QuartzTicking implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.scheduler.start-mode", "forced", "sluice.min-interval", INTERVAL);
    }
  }

  @Inject KubernetesClient client;
  @Inject CanaryController controller;
  @Inject ClusterCache cache;

  @Test
  void canariesWhoseHooksNeverAnswerStallNoOtherCanaryNorAnAbort() {
    controller.start();
    List<SilentReceiver> silent = new ArrayList<>();
    try (var prometheus = PrometheusProcess.start(List.of())) {
      // given 16 canaries in a run whose rollback hook never answers (a 5m timeout), each stuck
      // (a receiver each: calls to one host would also queue for its few connections)
      List<ClusterFixture> stuck = new ArrayList<>();
      for (int i = 0; i < STUCK; i++) {
        SilentReceiver receiver = SilentReceiver.start();
        silent.add(receiver);
        stuck.add(givenCanary("stuck-" + i, c -> withSilentRollbackHook(c, receiver)));
      }
      // and a 17th canary, initialized, whose metrics will fail (no data counts as a failure)
      ClusterFixture failing =
          givenCanary("failing", c -> withFailingMetric(c, prometheus.address()));
      stuck.forEach(this::startRun);
      awaitPhase(failing, CanaryPhase.Initialized);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                stuck.forEach(TickIsolationIT::playDeploymentController);
                return silent.stream().allMatch(r -> r.accepted() > 0);
              });

      // when the 17th canary gets a new revision while the 16 ticks wait on their hooks
      startRun(failing);

      // then it rolls back within a couple of its 1s intervals
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                playDeploymentController(failing);
                return phase(failing) == CanaryPhase.Failed;
              });

      // and an abort of a stuck canary is handled while its hook still does not answer
      ClusterFixture aborted = stuck.get(0);
      assertEquals(CanaryPhase.Progressing, phase(aborted));
      aborted.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort");
      await().atMost(Duration.ofSeconds(10)).until(() -> phase(aborted) == CanaryPhase.Failed);
      assertEquals(
          "Applied", aborted.canary("podinfo").getStatus().getControl().getLastRequestOutcome());
    } finally {
      silent.forEach(SilentReceiver::close);
    }
  }

  private ClusterFixture givenCanary(String prefix, UnaryOperator<Canary> edit) {
    ClusterFixture cluster = new ClusterFixture(client, cache, prefix + "-" + RUN);
    cluster.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);
    cluster.createCanary(
        "/canaries/podinfo-istio.yaml",
        c -> {
          c.getSpec().getAnalysis().setInterval(INTERVAL);
          c.getSpec().getAnalysis().setThreshold(1);
          return edit.apply(c);
        });
    return cluster;
  }

  /** Initializes the canary, then gives it a new revision: its run starts. */
  private void startRun(ClusterFixture cluster) {
    awaitPhase(cluster, CanaryPhase.Initialized);
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
  }

  private static void awaitPhase(ClusterFixture cluster, CanaryPhase phase) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              playDeploymentController(cluster);
              return phase(cluster) == phase;
            });
  }

  /** Makes every Deployment of the canary ready, as the Deployment controller would. */
  private static void playDeploymentController(ClusterFixture cluster) {
    for (String name : List.of("podinfo", "podinfo-primary")) {
      Deployment d = cluster.deployment(name);
      if (d != null && !ready(d)) {
        cluster.markReady(name);
      }
    }
  }

  private static boolean ready(Deployment d) {
    var status = d.getStatus();
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return status != null
        && java.util.Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
        && status.getReadyReplicas() != null
        && status.getReadyReplicas() == replicas;
  }

  private static CanaryPhase phase(ClusterFixture cluster) {
    Canary canary = cluster.canary("podinfo");
    return canary == null || canary.getStatus() == null ? null : canary.getStatus().getPhase();
  }

  private static Canary withSilentRollbackHook(Canary canary, SilentReceiver silent) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName("rollback-gate");
    hook.setType("rollback");
    hook.setUrl(silent.url("/rollback"));
    hook.setTimeout("5m");
    canary.getSpec().getAnalysis().setWebhooks(List.of(hook));
    return canary;
  }

  private static Canary withFailingMetric(Canary canary, String prometheus) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("request-success-rate");
    metric.setInterval("30s");
    var range = new dev.sluice.api.v1beta1.ThresholdRange();
    range.setMin(99.0);
    metric.setThresholdRange(range);
    canary.getSpec().getAnalysis().setMetrics(List.of(metric));
    canary.getSpec().setMetricsServer(prometheus);
    return canary;
  }
}

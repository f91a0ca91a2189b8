package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Blue/green, skipAnalysis, deletion, invalid canaries and scheduling, tick by tick. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class CanaryLifecycleIT extends ControllerTestBase {
  @Inject TickScheduler scheduler;
  @Inject MeterRegistry registry;

  @Test
  void blueGreenOnPlainKubernetesSwitchesTheApexServiceAtPromotion() {
    givenCanary("podinfo-bluegreen.yaml", UnaryOperator.identity());
    givenInitialized();
    assertEquals(Map.of("app", "podinfo-primary"), apex().getSpec().getSelector());

    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    for (int iteration = 1; iteration <= 3; iteration++) {
      tick();
      assertEquals(iteration, cluster.canary("podinfo").getStatus().getIterations());
      assertEquals(
          Map.of("app", "podinfo-primary"),
          apex().getSpec().getSelector(),
          "live traffic stays on the primary while the canary is checked");
    }

    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertEquals(
        Map.of("app", "podinfo"),
        apex().getSpec().getSelector(),
        "all traffic on the new version while the primary rolls out");

    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(Map.of("app", "podinfo-primary"), apex().getSpec().getSelector());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals(
        1.0,
        registry
            .get("flagger.canary.successes")
            .tags("name", "podinfo", "namespace", cluster.namespace)
            .counter()
            .count());
  }

  @Test
  void aPrimaryThatNeverRollsOutDuringPromotionIsRolledBackAfterTheProgressDeadline() {
    // given a blue/green canary (progressDeadlineSeconds 120) promoting: the apex on the canary
    Canary canary = givenBlueGreenPromoting();

    // when the primary never rolls out the promoted template, ticking every 30s
    for (int i = 0; i < 10 && phase() == CanaryPhase.Promoting; i++) {
      cluster.markRollingOut("podinfo-primary");
      tick();
    }

    // then after the deadline the apex is back on the primary, the canary parked, the run Failed,
    // said once by a warning
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(Map.of("app", "podinfo-primary"), apex().getSpec().getSelector());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    tick();
    tick();
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(1, cluster.events("Promotion of podinfo." + canary.getMetadata().getNamespace()));
    assertEquals(
        1,
        cluster.events().stream()
            .filter(e -> "RolledBack".equals(e.getReason()) && "Warning".equals(e.getType()))
            .count());
  }

  @Test
  void aPrimaryPastItsOwnProgressDeadlineDuringPromotionIsRolledBackAtOnce() {
    // given a blue/green canary promoting
    givenBlueGreenPromoting();

    // when the primary's Deployment reports ProgressDeadlineExceeded
    cluster.markProgressDeadlineExceeded("podinfo-primary");
    tick(Duration.ofSeconds(1));

    // then the next tick rolls back
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(Map.of("app", "podinfo-primary"), apex().getSpec().getSelector());
    assertTrue(
        cluster.events().stream()
            .anyMatch(
                e -> "RolledBack".equals(e.getReason()) && e.getMessage().contains("exceeded")),
        cluster.events().toString());
  }

  /** A blue/green canary whose analysis passed: Promoting, the apex on the canary's pods. */
  private Canary givenBlueGreenPromoting() {
    Canary canary = givenCanary("podinfo-bluegreen.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    for (int i = 0; i < 10 && phase() != CanaryPhase.Promoting; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Promoting, phase());
    assertEquals(Map.of("app", "podinfo"), apex().getSpec().getSelector());
    return canary;
  }

  @Test
  void skipAnalysisPromotesOnceThePrimaryHasRolledOut() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().setSkipAnalysis(true);
          return c;
        });
    givenInitialized();

    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertEquals("ghcr.io/stefanprodan/podinfo:6.0.1", primaryImage());
    assertEquals(
        0, cluster.deployment("podinfo").getSpec().getReplicas(), "no canary pods are started");

    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
  }

  @Test
  void deletionRestoresTheTargetBeforeTheCanaryGoes() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().setRevertOnDeletion(true);
          return c;
        });
    givenInitialized();
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());

    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();

    assertEquals(CanaryPhase.Terminating, phase(), "waits for the target");
    assertEquals(
        2, cluster.deployment("podinfo").getSpec().getReplicas(), "scaled like the primary");
    assertEquals(Map.of("app", "podinfo-primary"), apex().getSpec().getSelector());

    cluster.markReady("podinfo");
    tick();

    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);
    Service apex = apex();
    assertEquals(Map.of("app", "podinfo"), apex.getSpec().getSelector());
    assertTrue(
        apex.getMetadata().getOwnerReferences().isEmpty(), "the apex Service outlives the Canary");
    assertNull(cluster.virtualService("podinfo"));
    assertEquals(1, cluster.events("Restored podinfo and its routing"));
  }

  @Test
  void deletionWithoutRevertOnDeletionStillNeverLeavesZeroReplicas() {
    givenCanary("podinfo-bluegreen.yaml", UnaryOperator.identity());
    givenInitialized();

    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();
    assertNotEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    cluster.markReady("podinfo");
    tick();

    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);
    assertEquals(Map.of("app", "podinfo"), apex().getSpec().getSelector());
  }

  @Test
  void deletionRestoresTheTargetEvenWhenItsConfigIsMissing() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.editDeployment(
        "podinfo",
        d -> {
          d.getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .setEnvFrom(
                  List.of(
                      new EnvFromSourceBuilder()
                          .withNewConfigMapRef("podinfo-env", false)
                          .build()));
          return d;
        });

    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();

    assertEquals(
        CanaryPhase.Terminating, phase(), "a missing ConfigMap is no reason to skip the restore");
    assertEquals(2, cluster.deployment("podinfo").getSpec().getReplicas());
  }

  @Test
  void aSuspendedCanaryWithAPrimaryStillGetsTheFinalizer() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    client
        .resources(Canary.class)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            c -> {
              c.getMetadata().setFinalizers(List.of());
              c.getSpec().setSuspend(true);
              return c;
            });

    tick();

    assertEquals(
        List.of("finalizer.flagger.app"), cluster.canary("podinfo").getMetadata().getFinalizers());
  }

  @Test
  void aCanaryTakenOverFromFlaggerWithAPrimaryGetsTheFinalizerOnce() {
    // given a canary Flagger left behind: its primary exists, the finalizer does not
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    cluster.createTarget("podinfo-primary", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);

    // when Sluice ticks it once
    tick();

    // then it carries Flagger's finalizer exactly once
    assertEquals(
        List.of("finalizer.flagger.app"), cluster.canary("podinfo").getMetadata().getFinalizers());
  }

  @Test
  void anInvalidCanaryIsReportedWhileAValidOneGoesOn() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    Canary invalid =
        cluster.createCanary(
            "/canaries/podinfo-istio.yaml",
            c -> {
              c.getMetadata().setName("broken");
              c.getSpec().setProvider("traefik-v9");
              c.getSpec().getAnalysis().setInterval("5s");
              CanaryWebhook hook = new CanaryWebhook();
              hook.setName("smoke");
              hook.setType("pre-flight");
              hook.setUrl("http://127.0.0.1:9/");
              c.getSpec().getAnalysis().setWebhooks(List.of(hook));
              return c;
            });

    cluster.awaitCacheSynced();
    ticker.tick(cluster.namespace, "broken");
    // ticks are an interval apart: the informer has the first tick's status by the second (the
    // mock API server does not check resourceVersion on status writes, which would refuse a
    // decision made on a stale copy)
    cluster.awaitCacheSynced();
    ticker.tick(cluster.namespace, "broken");
    tick();
    cluster.markReady("podinfo-primary");
    tick();

    var status = cluster.canary("broken").getStatus();
    var ready =
        status.getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst()
            .orElseThrow();
    assertEquals("False", ready.getStatus());
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(
        ready.getMessage().contains("provider traefik-v9 is not supported"), ready.getMessage());
    assertTrue(
        ready.getMessage().contains("webhook smoke: type pre-flight is not one of"),
        ready.getMessage());
    assertTrue(
        ready.getMessage().contains("analysis.interval 5s is below the minimum of 10s"),
        ready.getMessage());
    assertEquals(invalid.getMetadata().getGeneration(), status.getObservedGeneration());
    // Argo CD's own Flagger health check compares status.canaryWeight with 0 and walks
    // status.conditions: either one missing makes its Lua fail, for a canary never started too
    assertEquals(0, status.getCanaryWeight());
    assertEquals(1, cluster.events("Invalid canary"), "one event, however many ticks");
    assertNull(cluster.deployment("broken-primary"));
    assertEquals(CanaryPhase.Initialized, phase());
    assertCanaryValid("podinfo");
  }

  @Test
  void aMissingTargetIsReportedAndTheCanaryWaitsForIt() {
    cluster.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());

    tick();
    var ready = cluster.canary("podinfo").getStatus().getConditions().get(0);
    assertEquals("TargetNotFound", ready.getReason());

    cluster.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 1);
    tick();
    assertEquals(CanaryPhase.Initializing, phase());
  }

  @Test
  void eachCanaryTicksAtItsIntervalUntilItIsGone() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    await().until(() -> scheduler.interval(cluster.namespace, "podinfo").isPresent());
    assertEquals(
        Optional.of(Duration.ofSeconds(30)), scheduler.interval(cluster.namespace, "podinfo"));

    client
        .resources(Canary.class)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            c -> {
              c.getSpec().getAnalysis().setInterval("1m");
              return c;
            });
    await()
        .until(
            () ->
                scheduler
                    .interval(cluster.namespace, "podinfo")
                    .equals(Optional.of(Duration.ofMinutes(1))));

    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    await().until(() -> scheduler.interval(cluster.namespace, "podinfo").isEmpty());
  }

  private Service apex() {
    return client.services().inNamespace(cluster.namespace).withName("podinfo").get();
  }

  private String primaryImage() {
    return cluster
        .deployment("podinfo-primary")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }
}

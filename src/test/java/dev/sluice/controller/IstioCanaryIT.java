package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.Service;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Weighted canary runs on Istio, tick by tick, against the mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class IstioCanaryIT extends ControllerTestBase {

  @Test
  void initializationCreatesFlaggersObjectsAndParksTheTarget() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());

    tick();

    assertEquals(CanaryPhase.Initializing, phase());
    assertNotNull(cluster.deployment("podinfo-primary"));
    assertEquals(
        2,
        cluster.deployment("podinfo").getSpec().getReplicas(),
        "target serves until the primary is ready");
    for (String name : List.of("podinfo", "podinfo-primary", "podinfo-canary")) {
      Service service = client.services().inNamespace(cluster.namespace).withName(name).get();
      assertNotNull(service, name);
    }
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertIstioObjectsValid();

    cluster.markReady("podinfo-primary");
    tick();

    var status = cluster.canary("podinfo").getStatus();
    assertEquals(CanaryPhase.Initialized, status.getPhase());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals(status.getLastAppliedSpec(), status.getLastPromotedSpec());
    assertEquals(1, cluster.events("Initialization done! podinfo." + cluster.namespace));
    assertTrue(
        cluster.canary("podinfo").getMetadata().getFinalizers().contains("finalizer.flagger.app"));
  }

  @Test
  void anIdleTickWritesNothing() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    tick();
    List<String> before = resourceVersions();

    tick();
    tick(Duration.ofMinutes(10));

    assertEquals(
        before, resourceVersions(), "no object and no status is written when nothing changed");
  }

  private List<String> resourceVersions() {
    cluster.awaitCacheSynced();
    return List.of(
        cluster.canary("podinfo").getMetadata().getResourceVersion(),
        cluster.deployment("podinfo").getMetadata().getResourceVersion(),
        cluster.deployment("podinfo-primary").getMetadata().getResourceVersion(),
        client
            .services()
            .inNamespace(cluster.namespace)
            .withName("podinfo")
            .get()
            .getMetadata()
            .getResourceVersion(),
        client
            .services()
            .inNamespace(cluster.namespace)
            .withName("podinfo-canary")
            .get()
            .getMetadata()
            .getResourceVersion(),
        cluster.virtualService("podinfo").getMetadata().getResourceVersion(),
        cluster.destinationRules().get(0).getMetadata().getResourceVersion());
  }

  @Test
  void aHealthyRevisionIsPromotedStepByStep() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();

    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(
        2,
        cluster.deployment("podinfo").getSpec().getReplicas(),
        "canary scaled up like the primary");

    cluster.markReady("podinfo");
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(List.of(100 - expected, expected), cluster.weights("podinfo"));
    }
    assertIstioObjectsValid();

    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertPrimaryRuns(NEW_IMAGE);

    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));

    tick();
    var status = cluster.canary("podinfo").getStatus();
    assertEquals(CanaryPhase.Succeeded, status.getPhase());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals(status.getLastAppliedSpec(), status.getLastPromotedSpec());
    assertEquals(
        1, cluster.events("Promotion completed! Scaling down podinfo." + cluster.namespace));
    assertEquals("True", condition("Promoted"));
    assertEquals("True", condition("Ready"));
    assertCanaryValid("podinfo");
  }

  @Test
  void aCanaryThatNeverBecomesReadyIsRolledBackAtTheDeadline() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:crashloop");
    tick();
    cluster.markRollingOut("podinfo");

    tick();
    tick();
    assertEquals(CanaryPhase.Progressing, phase(), "still within the 120s deadline");
    assertEquals(0, weight());
    assertEquals(1, cluster.events("Waiting for canary podinfo." + cluster.namespace));

    tick(Duration.ofSeconds(90));

    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals("False", condition("Ready"));
    assertEquals(1, cluster.events("Canary failed! Scaling down podinfo." + cluster.namespace));
    assertCanaryValid("podinfo");
    assertEquals(
        "ghcr.io/stefanprodan/podinfo:6.0.0",
        cluster
            .deployment("podinfo-primary")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
  }

  @Test
  void aRevisionChangeMidAnalysisRestartsFromZero() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    assertEquals(20, weight());
    String firstRun = cluster.canary("podinfo").getStatus().getLastAppliedSpec();

    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.2");
    tick();

    var status = cluster.canary("podinfo").getStatus();
    assertEquals(CanaryPhase.Progressing, status.getPhase());
    assertEquals(0, status.getCanaryWeight());
    assertTrue(!firstRun.equals(status.getLastAppliedSpec()));
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertEquals(1, cluster.events("Restarting analysis for podinfo." + cluster.namespace));
  }

  @Test
  void aRestartedControllerResumesFromStatus() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals(10, weight());

    controller.restart();
    tick();

    assertEquals(20, weight(), "the run goes on from its status, no step repeated or lost");
    assertEquals(1, cluster.events("canary weight 10"));
    assertEquals(1, cluster.events("canary weight 20"));
    assertEquals(1, cluster.events("New revision detected! Scaling up"));
  }

  private String condition(String type) {
    return cluster.canary("podinfo").getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }
}

package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.TestClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;

/**
 * Drives the controller tick by tick against the mock API server: the test clock moves only when a
 * test moves it, Quartz never fires, and each test gets a namespace of its own.
 */
abstract class ControllerTestBase {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  // test classes may share one application and API server, so namespaces must not repeat
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
  static final CrdSchemaValidator ISTIO =
      CrdSchemaValidator.load("../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml");
  static final CrdSchemaValidator SLUICE_CRDS =
      CrdSchemaValidator.load("crds/canaries.flagger.app-v1.yml");
  static final CrdSchemaValidator FLAGGER_CRDS =
      CrdSchemaValidator.load("../shared/schemas/flagger-v1.44.0-crd.yaml");

  @Inject KubernetesClient client;
  @Inject CanaryController controller;
  @Inject CanaryTicker ticker;
  @Inject ClusterCache cache;
  @Inject TestClock clock;

  ClusterFixture cluster;

  @BeforeEach
  void startController() {
    controller.start();
    cluster = new ClusterFixture(client, cache, "test-" + NAMESPACES.incrementAndGet() + "-" + RUN);
  }

  Canary givenCanary(String manifest, UnaryOperator<Canary> edit) {
    cluster.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);
    return cluster.createCanary("/canaries/" + manifest, edit);
  }

  /** One tick, at the given time after the previous one, once the informers have caught up. */
  void tick(Duration after) {
    clock.advance(after);
    cluster.awaitCacheSynced();
    ticker.tick(cluster.namespace, "podinfo");
  }

  void tick() {
    tick(Duration.ofSeconds(30));
  }

  CanaryPhase phase() {
    var status = cluster.canary("podinfo").getStatus();
    return status == null ? null : status.getPhase();
  }

  int weight() {
    return cluster.canary("podinfo").getStatus().getCanaryWeight();
  }

  /** Initializes a canary: primary created and ready, target parked at zero. */
  void givenInitialized() {
    tick();
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Initialized, phase());
    cluster.markReady("podinfo");
  }

  /** The revision the run tests, as the tests' Canaries' targets get it. */
  static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.1";

  /** A new revision of the target, ready at once: one tick has started the run. */
  void whenANewRevisionIsReady() {
    cluster.setImage("podinfo", NEW_IMAGE);
    tick();
    cluster.markReady("podinfo");
  }

  /** The primary's pods run {@code image}: the revision was promoted. */
  void assertPrimaryRuns(String image) {
    assertEquals(
        image,
        cluster
            .deployment("podinfo-primary")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
  }

  /** The canary as a user who wants the target back on deletion writes it. */
  static Canary revertingOnDeletion(Canary canary) {
    canary.getSpec().setRevertOnDeletion(true);
    return canary;
  }

  /**
   * Deletes the Canary; the finalizer restores the target, waits until it is ready, then lets the
   * Canary go.
   */
  void whenTheCanaryIsDeleted() {
    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();
    cluster.markReady("podinfo");
    tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);
  }

  /** The Canary is refused: not Ready, with a message that says {@code why}. */
  void assertRefused(String why) {
    CanaryCondition ready = statusCondition("Ready");
    assertEquals("False", ready.getStatus());
    assertTrue(ready.getMessage().contains(why), ready.getMessage());
  }

  CanaryCondition statusCondition(String type) {
    return cluster.canary("podinfo").getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition"));
  }

  /**
   * The Canary as stored, with the status the controller wrote, is valid against our CRD, and,
   * without the Sluice-only status fields, against Flagger's, so Flagger's tooling reads it.
   *
   * <p>The Sluice-only fields are {@code spec.analysis.judge}, {@code status.observedGeneration},
   * {@code status.analysis}, {@code status.control}, {@code status.postRolloutPending}, {@code
   * status.judge} and {@code status.conditions[].observedGeneration} (kstatus needs them; Flagger's
   * schema lacks them, so an API server with Flagger's CRD prunes them and Flagger's Go types
   * ignore them). They are removed by name, so that any other field outside Flagger's schema fails
   * here.
   */
  void assertCanaryValid(String name) {
    var stored =
        client
            .genericKubernetesResources("flagger.app/v1beta1", "Canary")
            .inNamespace(cluster.namespace)
            .withName(name)
            .get();
    JsonNode tree = client.getKubernetesSerialization().convertValue(stored, JsonNode.class);
    SLUICE_CRDS.assertValid(tree);
    ObjectNode flaggerView = (ObjectNode) tree.deepCopy();
    if (flaggerView.get("status") instanceof ObjectNode status) {
      status.remove("observedGeneration");
      status.remove("analysis");
      status.remove("control");
      status.remove("postRolloutPending");
      status.remove("judge");
      status.path("conditions").forEach(c -> ((ObjectNode) c).remove("observedGeneration"));
    }
    if (flaggerView.path("spec").path("analysis") instanceof ObjectNode analysis) {
      analysis.remove("judge");
    }
    FLAGGER_CRDS.assertValid(flaggerView);
  }

  /** Every VirtualService and DestinationRule written so far is valid for Istio 1.30. */
  void assertIstioObjectsValid() {
    ISTIO.assertValid(cluster.virtualService("podinfo"));
    cluster.destinationRules().forEach(ISTIO::assertValid);
  }
}

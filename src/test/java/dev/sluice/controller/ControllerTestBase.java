package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
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

  /** Every VirtualService and DestinationRule written so far is valid for Istio 1.30. */
  void assertIstioObjectsValid() {
    ISTIO.assertValid(cluster.virtualService("podinfo"));
    cluster.destinationRules().forEach(ISTIO::assertValid);
  }
}

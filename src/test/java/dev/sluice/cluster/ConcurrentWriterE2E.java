package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A second client writes the Canary while a run progresses: its metadata (an annotation, every 50
 * ms) and its status (a condition's lastUpdateTime, every 150 ms), each a real write that moves the
 * resourceVersion. The controller's status writes then meet real 409 conflicts from the API server
 * (the audit log shows them); it must write again from fresh state, and the run must still step the
 * weights once each, in order, and end Succeeded.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class ConcurrentWriterE2E {
  private static final Duration RUN = Duration.ofMinutes(3);

  private static final String CANARY =
      ProviderFixtures.ISTIO_FIXTURE.canaryWith("stepWeight: 20\nmaxWeight: 60\n");

  @Test
  void statusConflictsWithAConcurrentWriterAreRetriedAndTheRunStepsOnce(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "conflict")) {
      // given a Canary that took over its target
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // when a new revision runs while another client keeps writing the Canary
      List<Integer> canaryWeights;
      AtomicInteger writes = new AtomicInteger();
      ScheduledExecutorService writer = Executors.newScheduledThreadPool(2);
      try (RoutingWrites routing =
          new RoutingWrites(
              ns, "networking.istio.io/v1", "VirtualService", IstioProviderE2E::weights)) {
        writer.scheduleAtFixedRate(() -> annotate(ns, writes), 0, 50, TimeUnit.MILLISECONDS);
        writer.scheduleAtFixedRate(() -> touchStatus(ns, writes), 0, 150, TimeUnit.MILLISECONDS);
        ns.setImage("podinfo", "6.0.1");

        // then the controller met a real conflict on its status write, and wrote again after it
        ns.await(
            "a 409 on the controller's status write", () -> !conflicts(sluice, ns).isEmpty(), RUN);
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        writer.shutdownNow();
        ns.await(
            "the VirtualService back on the primary",
            () -> IstioProviderE2E.weights(virtualService(ns)).get("podinfo-canary") == 0,
            RUN);
        canaryWeights = routing.canaryWeights();
      } finally {
        writer.shutdownNow();
      }

      // and the run stepped each weight once, in order, and its status is the promoted one
      assertTrue(writes.get() > 0, "the second client wrote");
      assertEquals(List.of(0, 20, 40, 60, 0), canaryWeights, "the canary's weight, write by write");
      assertEquals(TestNamespace.IMAGE + ":6.0.1", ns.image("podinfo-primary"));
      CanaryStatus status = ns.canary("podinfo").getStatus();
      assertEquals(CanaryPhase.Succeeded, status.getPhase());
      assertEquals(0, status.getCanaryWeight(), "canaryWeight");
      assertEquals(0, status.getIterations(), "iterations");
      assertEquals(0, status.getFailedChecks(), "failedChecks");
      long written =
          sluice.requests().stream()
              .filter(
                  r -> r.uri().contains("/namespaces/" + ns.name() + "/canaries/podinfo/status"))
              .filter(r -> "update".equals(r.verb()) && r.code() == 200)
              .count();
      assertTrue(written > 0, "status writes accepted");
      System.out.printf(
          "real cluster: %d writes of the second client, %d status writes of the controller"
              + " answered 409, %d accepted%n",
          writes.get(), conflicts(sluice, ns).size(), written);
    }
  }

  /** The controller's status updates in {@code ns} the API server answered with 409. */
  private static List<SluiceInstall.Request> conflicts(SluiceInstall sluice, TestNamespace ns) {
    return sluice.requests().stream()
        .filter(r -> r.uri().contains("/namespaces/" + ns.name() + "/canaries/podinfo/status"))
        .filter(r -> "update".equals(r.verb()) && r.code() == 409)
        .toList();
  }

  /** A metadata write (merge patch, no resourceVersion): it always lands. */
  private static void annotate(TestNamespace ns, AtomicInteger writes) {
    try {
      ns.client()
          .resources(Canary.class)
          .inNamespace(ns.name())
          .withName("podinfo")
          .edit(
              c -> {
                c.getMetadata()
                    .setAnnotations(
                        Map.of("test.sluice.dev/writer", Long.toString(System.nanoTime())));
                return c;
              });
      writes.incrementAndGet();
    } catch (RuntimeException e) {
      // a conflict with the controller: the next write tries again
    }
  }

  /** A status write that moves only a condition's lastUpdateTime. */
  private static void touchStatus(TestNamespace ns, AtomicInteger writes) {
    try {
      Canary live = ns.canary("podinfo");
      if (live == null
          || live.getStatus() == null
          || live.getStatus().getConditions() == null
          || live.getStatus().getConditions().isEmpty()) {
        return;
      }
      CanaryCondition first = live.getStatus().getConditions().get(0);
      first.setLastUpdateTime(Instant.now().toString());
      ns.client().resource(live).updateStatus();
      writes.incrementAndGet();
    } catch (RuntimeException e) {
      // a conflict with the controller: the next write tries again
    }
  }

  private static io.fabric8.kubernetes.api.model.GenericKubernetesResource virtualService(
      TestNamespace ns) {
    return ns.client()
        .genericKubernetesResources("networking.istio.io/v1", "VirtualService")
        .inNamespace(ns.name())
        .withName("podinfo")
        .get();
  }
}

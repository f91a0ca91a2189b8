package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code provider: istio} on a real control plane with Istio's published CRDs registered: the
 * take-over writes a VirtualService and DestinationRules the API server accepts under Istio's
 * schema, a promoted run steps the weights in the VirtualService, and deletion removes them.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class IstioProviderE2E {
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final String VIRTUAL_SERVICE = "networking.istio.io/v1";

  private static final String CANARY =
      """
      apiVersion: flagger.app/v1beta1
      kind: Canary
      metadata:
        name: podinfo
      spec:
        provider: istio
        revertOnDeletion: true
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        progressDeadlineSeconds: 30
        service:
          port: 9898
          targetPort: 9898
          hosts:
            - podinfo.example.com
        analysis:
          interval: 2s
          threshold: 2
          stepWeight: 20
          maxWeight: 60
      """;

  @Test
  void stepsTheWeightsInTheVirtualServiceThenPromotes(ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "istio-promote")) {
      // given a ready target and a Canary for it
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // then the VirtualService sends everything to the primary, with a subset rule per side
      assertEquals(Map.of("podinfo-primary", 100, "podinfo-canary", 0), weights(ns));
      assertNotNull(destinationRule(ns, "podinfo-primary"), "the primary DestinationRule");
      assertNotNull(destinationRule(ns, "podinfo-canary"), "the canary DestinationRule");

      // when a new revision is rolled out, every write of the VirtualService is recorded
      List<Integer> canaryWeights;
      try (RoutingWrites writes =
          new RoutingWrites(ns, VIRTUAL_SERVICE, "VirtualService", IstioProviderE2E::weights)) {
        ns.setImage("podinfo", "6.0.1");

        // then the canary gets 20, 40, 60 percent, in order, and everything returns to the
        // promoted primary
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        ns.await(
            "the VirtualService back on the primary",
            () -> weights(ns).get("podinfo-canary") == 0,
            RUN);
        canaryWeights = writes.canaryWeights();
      }
      assertEquals(List.of(0, 20, 40, 60, 0), canaryWeights, "the canary's weight, write by write");
      assertEquals(TestNamespace.IMAGE + ":6.0.1", ns.image("podinfo-primary"));
    }
  }

  @Test
  void deletionRemovesTheIstioObjects(ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "istio-delete")) {
      // given a Canary that took over its target
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      assertNotNull(virtualService(ns));

      // when it is deleted
      plane.kubectl("delete", "-n", ns.name(), "canary/podinfo", "--wait=false");

      // then the VirtualService and the DestinationRules go with it, and the target serves
      ns.await("the Canary gone", () -> ns.canary("podinfo") == null, RUN);
      ns.await(
          "the Istio objects removed",
          () ->
              virtualService(ns) == null
                  && destinationRule(ns, "podinfo-primary") == null
                  && destinationRule(ns, "podinfo-canary") == null,
          RUN);
      ns.await("the target ready again", () -> ns.readyReplicas("podinfo") == 2, RUN);
      ns.await("the primary collected", () -> ns.deployment("podinfo-primary") == null, RUN);
      assertTrue(ns.service("podinfo") != null, "the apex Service stays");
    }
  }

  private static GenericKubernetesResource virtualService(TestNamespace ns) {
    return ns.client()
        .genericKubernetesResources(VIRTUAL_SERVICE, "VirtualService")
        .inNamespace(ns.name())
        .withName("podinfo")
        .get();
  }

  private static GenericKubernetesResource destinationRule(TestNamespace ns, String name) {
    return ns.client()
        .genericKubernetesResources(VIRTUAL_SERVICE, "DestinationRule")
        .inNamespace(ns.name())
        .withName(name)
        .get();
  }

  private static Map<String, Integer> weights(TestNamespace ns) {
    return weights(virtualService(ns));
  }

  /** The weight of each destination host of the VirtualService's routes. */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> weights(GenericKubernetesResource vs) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    Map<String, Object> spec = (Map<String, Object>) vs.getAdditionalProperties().get("spec");
    for (Object http : (List<Object>) spec.getOrDefault("http", List.of())) {
      for (Object route :
          (List<Object>) ((Map<String, Object>) http).getOrDefault("route", List.of())) {
        Map<String, Object> destination =
            (Map<String, Object>) ((Map<String, Object>) route).get("destination");
        Object weight = ((Map<String, Object>) route).get("weight");
        weights.put(
            (String) destination.get("host"), weight == null ? 0 : ((Number) weight).intValue());
      }
    }
    return weights;
  }
}

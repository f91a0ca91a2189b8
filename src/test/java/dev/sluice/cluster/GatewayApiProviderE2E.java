package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code provider: gatewayapi:v1} on a real control plane with Gateway API v1.6.1's published
 * HTTPRoute CRD registered: the weights of a promoted run in the HTTPRoute, write by write, and the
 * HTTPRoute deleted with the Canary.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class GatewayApiProviderE2E {
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final String HTTP_ROUTE = "gateway.networking.k8s.io/v1";

  private static final String CANARY =
      """
      apiVersion: flagger.app/v1beta1
      kind: Canary
      metadata:
        name: podinfo
      spec:
        provider: gatewayapi:v1
        revertOnDeletion: true
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        progressDeadlineSeconds: 30
        service:
          port: 9898
          hosts:
            - www.example.com
          gatewayRefs:
            - name: gateway
              namespace: gateway-system
        analysis:
          interval: 2s
          threshold: 2
          stepWeight: 20
          maxWeight: 60
      """;

  @Test
  void stepsTheWeightsInTheHttpRouteThenPromotesAndDeletesItWithTheCanary(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "gatewayapi")) {
      // given a Canary that took over its target
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      assertEquals(Map.of("podinfo-primary", 100, "podinfo-canary", 0), weights(route(ns)));

      // when a new revision is rolled out, every write of the HTTPRoute is recorded
      List<Integer> canaryWeights;
      try (RoutingWrites writes =
          new RoutingWrites(ns, HTTP_ROUTE, "HTTPRoute", GatewayApiProviderE2E::weights)) {
        ns.setImage("podinfo", "6.0.1");
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        ns.await(
            "the HTTPRoute back on the primary",
            () -> weights(route(ns)).get("podinfo-canary") == 0,
            RUN);
        canaryWeights = writes.canaryWeights();
      }

      // then the canary got 20, 40, 60 percent, in order, and everything returned to the primary
      assertEquals(List.of(0, 20, 40, 60, 0), canaryWeights, "the canary's weight, write by write");
      assertEquals(TestNamespace.IMAGE + ":6.0.1", ns.image("podinfo-primary"));

      // when the Canary is deleted, then its HTTPRoute goes with it
      plane.kubectl("delete", "-n", ns.name(), "canary/podinfo", "--wait=false");
      ns.await("the HTTPRoute deleted", () -> route(ns) == null, RUN);
      ns.await("the target ready again", () -> ns.readyReplicas("podinfo") == 2, RUN);
    }
  }

  private static GenericKubernetesResource route(TestNamespace ns) {
    return ns.client()
        .genericKubernetesResources(HTTP_ROUTE, "HTTPRoute")
        .inNamespace(ns.name())
        .withName("podinfo")
        .get();
  }

  /** The weight of each backend of the HTTPRoute's rules. */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> weights(GenericKubernetesResource route) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    for (Object rule : (List<Object>) spec.getOrDefault("rules", List.of())) {
      for (Object ref :
          (List<Object>) ((Map<String, Object>) rule).getOrDefault("backendRefs", List.of())) {
        Map<String, Object> backend = (Map<String, Object>) ref;
        Object weight = backend.get("weight");
        weights.put(
            (String) backend.get("name"), weight == null ? 1 : ((Number) weight).intValue());
      }
    }
    return weights;
  }
}

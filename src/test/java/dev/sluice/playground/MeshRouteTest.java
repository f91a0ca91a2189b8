package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshRouteTest {

  @Test
  void theFirstRouteWithoutMatchIsFollowedAndHostsNameServices() {
    // given: an A/B layout, matched route first, default route second
    GenericKubernetesResource vs =
        virtualService(
            List.of(
                Map.of(
                    "match", List.of(Map.of("headers", Map.of())),
                    "route", List.of(dest("podinfo-canary", 100))),
                Map.of(
                    "route",
                    List.of(
                        dest("podinfo-primary.test.svc.cluster.local", 70),
                        dest("podinfo-canary", 30)))));

    // when
    MeshRoute route = MeshRoute.of(vs).orElseThrow();

    // then
    assertEquals(
        List.of(
            new MeshRoute.Destination("podinfo-primary", 70),
            new MeshRoute.Destination("podinfo-canary", 30)),
        route.destinations());
    assertEquals(30, route.canaryWeight());
    assertEquals("podinfo-primary", route.pick(0.69).service());
    assertEquals("podinfo-canary", route.pick(0.70).service());
  }

  @Test
  void aLoneDestinationWithoutWeightTakesEverythingAndZeroWeightsRouteNothing() {
    // given
    GenericKubernetesResource lone =
        virtualService(
            List.of(Map.of("route", List.of(Map.of("destination", Map.of("host", "a"))))));
    GenericKubernetesResource zero =
        virtualService(List.of(Map.of("route", List.of(dest("a", 0), dest("b-canary", 0)))));

    // when / then
    assertEquals("a", MeshRoute.of(lone).orElseThrow().pick(0.99).service());
    assertEquals(Optional.empty(), MeshRoute.of(zero));
  }

  private static Map<String, Object> dest(String host, int weight) {
    return Map.of("destination", Map.of("host", host), "weight", weight);
  }

  private static GenericKubernetesResource virtualService(List<Map<String, Object>> http) {
    GenericKubernetesResource vs = new GenericKubernetesResource();
    vs.setAdditionalProperty("spec", Map.of("http", http));
    return vs;
  }
}

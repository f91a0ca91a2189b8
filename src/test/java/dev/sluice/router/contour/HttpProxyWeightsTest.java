package dev.sluice.router.contour;

import static dev.sluice.router.contour.ContourFixtures.fromServer;
import static dev.sluice.router.contour.ContourFixtures.podinfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The split read back from a live HTTPProxy. */
class HttpProxyWeightsTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 10, 55, 100})
  void aWrittenSplitReadsBackAsWritten(int canaryWeight) {
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(HttpProxyModel.desired(canary, Routes.weighted(canaryWeight)));

    assertEquals(Optional.of(Routes.weighted(canaryWeight)), HttpProxyWeights.read(canary, live));
  }

  @Test
  void anAbProxyReadsTheSplitOfItsMatchRoutesNotThePrimarysDefault() {
    Canary canary = podinfo("", "iterations: 3\nmatch:\n  - headers: {x-canary: {exact: a}}\n");
    GenericKubernetesResource live =
        fromServer(HttpProxyModel.desired(canary, Routes.weighted(100)));

    assertEquals(Optional.of(Routes.weighted(100)), HttpProxyWeights.read(canary, live));
  }

  @Test
  void flaggersLayoutWithTheCanaryAtZeroInTheDefaultRouteReadsTheFirstRoute() {
    Canary canary = podinfo();
    GenericKubernetesResource live =
        proxy(
            List.of(
                route(service("podinfo-primary", 0), service("podinfo-canary", 100)),
                route(service("podinfo-primary", 100), service("podinfo-canary", 0))));

    assertEquals(Optional.of(Routes.weighted(100)), HttpProxyWeights.read(canary, live));
  }

  @Test
  void aProxyWithoutBothServicesOrWithoutWeightsIsNoSplit() {
    Canary canary = podinfo();

    assertEquals(
        Optional.empty(),
        HttpProxyWeights.read(canary, proxy(List.of(route(service("podinfo", 100))))));
    assertEquals(
        Optional.empty(),
        HttpProxyWeights.read(
            canary,
            proxy(
                List.of(
                    route(
                        Map.of("name", "podinfo-primary", "port", 9898),
                        Map.of("name", "podinfo-canary", "port", 9898))))));
    assertEquals(Optional.empty(), HttpProxyWeights.read(canary, proxy(List.of())));
  }

  private static GenericKubernetesResource proxy(List<Map<String, Object>> routes) {
    GenericKubernetesResource proxy = HttpProxyModel.desired(podinfo(), Routes.allToPrimary());
    proxy.setAdditionalProperty("spec", Map.of("routes", routes));
    return fromServer(proxy);
  }

  @SafeVarargs
  private static Map<String, Object> route(Map<String, Object>... services) {
    return Map.of("conditions", List.of(Map.of("prefix", "/")), "services", List.of(services));
  }

  private static Map<String, Object> service(String name, int weight) {
    return Map.of("name", name, "port", 9898, "weight", weight);
  }
}

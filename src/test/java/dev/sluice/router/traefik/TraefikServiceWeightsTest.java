package dev.sluice.router.traefik;

import static dev.sluice.router.traefik.TraefikFixtures.fromServer;
import static dev.sluice.router.traefik.TraefikFixtures.podinfo;
import static dev.sluice.router.traefik.TraefikFixtures.validJson;
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

/** The live split, read back from the TraefikService, and kept by a structural reconcile. */
class TraefikServiceWeightsTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 25, 50, 99, 100})
  void readsBackTheWeightsItWrote(int canaryWeight) {
    // given
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(TraefikServiceModel.desired(canary, Routes.weighted(canaryWeight)));

    // when / then
    assertEquals(
        Optional.of(Routes.weighted(canaryWeight)), TraefikServiceWeights.read(canary, live));
  }

  @Test
  void aListedServiceWithoutAWeightHasTraefiksDefaultOfOne() {
    // as Flagger writes a primary at weight 0 (omitempty): Traefik then gives it weight 1
    Canary canary = podinfo();
    GenericKubernetesResource live =
        withServices(
            canary,
            List.of(
                Map.of("name", "podinfo-primary", "port", 80),
                Map.of("name", "podinfo-canary", "port", 80, "weight", 100)));

    assertEquals(Optional.of(new Routes(1, 100, false)), TraefikServiceWeights.read(canary, live));
  }

  @Test
  void aTraefikServiceWithoutEitherServiceIsNoSplitSluiceManages() {
    Canary canary = podinfo();
    GenericKubernetesResource reverted =
        fromServer(
            TraefikServiceModel.reverted(
                canary, fromServer(TraefikServiceModel.desired(canary, Routes.weighted(10)))));

    assertEquals(Optional.empty(), TraefikServiceWeights.read(canary, reverted));
    assertEquals(Optional.empty(), TraefikServiceWeights.read(canary, withServices(canary, null)));
  }

  @Test
  void aStructuralReconcileKeepsTheLiveWeights() {
    // given: a run at 30%, and a new apex label
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(TraefikServiceModel.desired(canary, Routes.weighted(30)));
    Canary relabelled = podinfo("apex:\n  labels: {team: web}\n", "");

    // when
    GenericKubernetesResource desired = TraefikServiceModel.desiredKeepingWeights(relabelled, live);

    // then
    assertEquals(
        Optional.of(Routes.weighted(30)), TraefikServiceWeights.read(canary, fromServer(desired)));
    assertEquals("web", validJson(desired).at("/metadata/labels/team").asText());
  }

  @Test
  void handSetWeightsAreKeptAsTheSameShares() {
    // someone set 3:1 by hand: a quarter of the traffic stays on the canary
    Canary canary = podinfo();
    GenericKubernetesResource live =
        withServices(
            canary,
            List.of(
                Map.of("name", "podinfo-primary", "port", 80, "weight", 3),
                Map.of("name", "podinfo-canary", "port", 80, "weight", 1)));

    GenericKubernetesResource desired = TraefikServiceModel.desiredKeepingWeights(canary, live);

    assertEquals(
        Optional.of(Routes.weighted(25)), TraefikServiceWeights.read(canary, fromServer(desired)));
  }

  @Test
  void withoutALiveObjectAllTrafficGoesToPrimary() {
    Canary canary = podinfo();

    GenericKubernetesResource desired = TraefikServiceModel.desiredKeepingWeights(canary, null);

    assertEquals(
        Optional.of(Routes.allToPrimary()),
        TraefikServiceWeights.read(canary, fromServer(desired)));
  }

  private static GenericKubernetesResource withServices(
      Canary canary, List<Map<String, Object>> services) {
    GenericKubernetesResource resource =
        fromServer(TraefikServiceModel.desired(canary, Routes.allToPrimary()));
    resource.setAdditionalProperty(
        "spec", services == null ? Map.of() : Map.of("weighted", Map.of("services", services)));
    return resource;
  }
}

package dev.sluice.router.traefik;

import static dev.sluice.router.traefik.TraefikFixtures.TRAEFIK_SCHEMA;
import static dev.sluice.router.traefik.TraefikFixtures.fromServer;
import static dev.sluice.router.traefik.TraefikFixtures.podinfo;
import static dev.sluice.router.traefik.TraefikFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TraefikService built for a canary: its identity, its weighted services, its validity. */
class TraefikServiceModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTraefikServiceNamedAfterTheApexOwnedByTheCanaryInTraefikIo() {
    // given
    Canary canary = podinfo();

    // when
    JsonNode service = validJson(TraefikServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    assertEquals("traefik.io/v1alpha1", service.path("apiVersion").asText());
    assertEquals("TraefikService", service.path("kind").asText());
    assertEquals("podinfo", service.at("/metadata/name").asText());
    assertEquals("test", service.at("/metadata/namespace").asText());
    assertEquals("Canary", service.at("/metadata/ownerReferences/0/kind").asText());
    assertEquals(TraefikFixtures.UID, service.at("/metadata/ownerReferences/0/uid").asText());
    assertTrue(service.at("/metadata/ownerReferences/0/controller").asBoolean());
    assertEquals(
        "disabled",
        service.at("/metadata/annotations/kustomize.toolkit.fluxcd.io~1reconcile").asText());
  }

  @Test
  void atRestOnlyThePrimaryIsListedWithAllTheWeightOnTheServicePort() {
    JsonNode services = services(TraefikServiceModel.desired(podinfo(), Routes.allToPrimary()));

    assertEquals(
        List.of(Map.of("name", "podinfo-primary", "namespace", "test", "port", 80, "weight", 100)),
        JSON.convertValue(services, List.class));
  }

  @Test
  void duringARunBothServicesCarryTheirWeights() {
    JsonNode services = services(TraefikServiceModel.desired(podinfo(), Routes.weighted(35)));

    assertEquals(2, services.size());
    assertEquals("podinfo-primary", services.at("/0/name").asText());
    assertEquals(65, services.at("/0/weight").asInt());
    assertEquals("podinfo-canary", services.at("/1/name").asText());
    assertEquals(35, services.at("/1/weight").asInt());
    assertEquals(80, services.at("/1/port").asInt());
  }

  @Test
  void atFullCanaryWeightThePrimaryIsLeftOutNotWrittenWithWeightZero() {
    // Traefik would give a listed primary without a weight its default of 1
    JsonNode services = services(TraefikServiceModel.desired(podinfo(), new Routes(0, 100, false)));

    assertEquals(1, services.size());
    assertEquals("podinfo-canary", services.at("/0/name").asText());
    assertEquals(100, services.at("/0/weight").asInt());
  }

  @Test
  void theApexLabelsAndAnnotationsAreTheTraefikServices() {
    Canary canary =
        podinfo("apex:\n  labels: {team: web}\n  annotations: {example.com/owner: web}\n", "");

    JsonNode service = validJson(TraefikServiceModel.desired(canary, Routes.allToPrimary()));

    assertEquals("web", service.at("/metadata/labels/team").asText());
    assertEquals("web", service.at("/metadata/annotations/example.com~1owner").asText());
  }

  @Test
  void aLiveSpecFieldSluiceDoesNotOwnIsCarriedOver() {
    // given: the user made the weighted round robin sticky on the live object
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(TraefikServiceModel.desired(canary, Routes.allToPrimary()));
    spec(live).put("weighted", Map.of("sticky", Map.of("cookie", Map.of("name", "lvl1"))));

    // when
    JsonNode service = validJson(TraefikServiceModel.desired(canary, Routes.weighted(10), live));

    // then
    assertEquals("lvl1", service.at("/spec/weighted/sticky/cookie/name").asText());
    assertEquals(10, service.at("/spec/weighted/services/1/weight").asInt());
  }

  @Test
  void revertedPointsAtTheApexServiceAloneAndIsOwnedByNoOne() {
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(TraefikServiceModel.desired(canary, Routes.weighted(20)));

    JsonNode reverted = validJson(TraefikServiceModel.reverted(canary, live));

    assertEquals(
        List.of(Map.of("name", "podinfo", "namespace", "test", "port", 80, "weight", 100)),
        JSON.convertValue(reverted.at("/spec/weighted/services"), List.class));
    assertTrue(reverted.at("/metadata/ownerReferences").isMissingNode());
  }

  @Test
  void splitsThatAreNotOneHundredOrAskForMirroringAreRefused() {
    Canary canary = podinfo();

    assertThrows(
        IllegalArgumentException.class,
        () -> TraefikServiceModel.desired(canary, new Routes(50, 60, false)));
    var mirrored =
        assertThrows(
            IllegalArgumentException.class,
            () -> TraefikServiceModel.desired(canary, new Routes(100, 0, true)));
    assertTrue(mirrored.getMessage().contains("cannot mirror"), mirrored.getMessage());
  }

  @Test
  void everySplitIsValidAgainstTraefiksCrd() {
    for (int weight = 0; weight <= 100; weight += 5) {
      GenericKubernetesResource built =
          TraefikServiceModel.desired(podinfo(), Routes.weighted(weight));
      assertEquals(List.of(), TRAEFIK_SCHEMA.validate(built), "weight " + weight);
    }
  }

  @Test
  void theSchemaCatchesAWrongField() {
    // the validator is not a rubber stamp: a misspelt field fails against Traefik's CRD
    GenericKubernetesResource built = TraefikServiceModel.desired(podinfo(), Routes.weighted(10));
    spec(built).put("weigthed", Map.of());

    assertFalse(TRAEFIK_SCHEMA.validate(built).isEmpty());
  }

  private static JsonNode services(GenericKubernetesResource resource) {
    return validJson(resource).at("/spec/weighted/services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }
}

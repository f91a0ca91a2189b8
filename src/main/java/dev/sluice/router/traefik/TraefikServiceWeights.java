package dev.sluice.router.traefik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/** Reads the traffic state of a canary back from its live TraefikService. */
public final class TraefikServiceWeights {

  /** Traefik's weight of a listed service that states none ({@code WRRService.SetDefaults}). */
  private static final int DEFAULT_WEIGHT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TraefikServiceWeights() {}

  /**
   * The split of {@code traefikService}'s {@code spec.weighted.services} between {@code
   * <apex>-primary} and {@code <apex>-canary}, as found, without correcting it: a Service that is
   * not listed has weight 0, a listed one without a weight Traefik's default of 1. Weights are
   * never mirrored here: a weighted TraefikService cannot mirror.
   *
   * @return empty when neither Service is listed with a weight above 0 (a TraefikService reverted
   *     to the apex Service, or someone else's): not a split that Sluice manages
   */
  public static Optional<Routes> read(Canary canary, GenericKubernetesResource traefikService) {
    Object spec = traefikService.getAdditionalProperties().get("spec");
    if (spec == null) {
      return Optional.empty();
    }
    JsonNode services = JSON.valueToTree(spec).path("weighted").path("services");
    int primary = weight(services, TraefikServiceModel.primaryService(canary));
    int canaryWeight = weight(services, TraefikServiceModel.canaryService(canary));
    if (primary <= 0 && canaryWeight <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Routes(Math.max(0, primary), Math.max(0, canaryWeight), false));
  }

  private static int weight(JsonNode services, String name) {
    for (JsonNode service : services) {
      if (name.equals(service.path("name").asText())) {
        return service.path("weight").asInt(DEFAULT_WEIGHT);
      }
    }
    return 0;
  }
}

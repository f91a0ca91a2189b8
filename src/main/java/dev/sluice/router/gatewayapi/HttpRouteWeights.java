package dev.sluice.router.gatewayapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/** Reads the traffic state of a canary back from its live HTTPRoute. */
public final class HttpRouteWeights {

  /** Gateway API's weight of a backend that states none. */
  private static final int DEFAULT_WEIGHT = 1;

  private HttpRouteWeights() {}

  /**
   * The split of {@code httpRoute} between {@code <apex>-primary} and {@code <apex>-canary}, as
   * found, without correcting it.
   *
   * <p>The rule read is the last one whose backends name both Services: the weighted rule in every
   * layout Flagger and Sluice write (after the sticky rule of session affinity, which Flagger gives
   * both Services too; before the all-to-primary default of A/B). {@code mirrored} is true when a
   * rule mirrors to the canary Service.
   *
   * @return empty when no rule names both Services, or when both weights are 0: the object is not
   *     (or no longer) a split that Sluice manages
   */
  public static Optional<Routes> read(Canary canary, GenericKubernetesResource httpRoute) {
    String primary = HttpRouteModel.primaryService(canary);
    String canaryName = HttpRouteModel.canaryService(canary);
    JsonNode weighted = null;
    boolean mirrored = false;
    for (JsonNode rule : GatewayApiResource.spec(httpRoute).path("rules")) {
      if (backend(rule, primary) != null && backend(rule, canaryName) != null) {
        weighted = rule;
      }
      mirrored |= mirrorsTo(rule, canaryName);
    }
    if (weighted == null) {
      return Optional.empty();
    }
    int primaryWeight = backend(weighted, primary).path("weight").asInt(DEFAULT_WEIGHT);
    int canaryWeight = backend(weighted, canaryName).path("weight").asInt(DEFAULT_WEIGHT);
    if (primaryWeight == 0 && canaryWeight == 0) {
      return Optional.empty();
    }
    return Optional.of(new Routes(primaryWeight, canaryWeight, mirrored));
  }

  private static JsonNode backend(JsonNode rule, String service) {
    for (JsonNode ref : rule.path("backendRefs")) {
      if (service.equals(ref.path("name").asText())) {
        return ref;
      }
    }
    return null;
  }

  private static boolean mirrorsTo(JsonNode rule, String service) {
    for (JsonNode filter : rule.path("filters")) {
      if ("RequestMirror".equals(filter.path("type").asText())
          && service.equals(
              filter.path("requestMirror").path("backendRef").path("name").asText())) {
        return true;
      }
    }
    return false;
  }
}

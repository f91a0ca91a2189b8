package dev.sluice.router.contour;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/** Reads the split of a canary back from its live HTTPProxy. */
public final class HttpProxyWeights {

  private HttpProxyWeights() {}

  /**
   * The split of {@code proxy} between {@code <apex>-primary} and {@code <apex>-canary}, as found,
   * without correcting it.
   *
   * <p>The route read is the first one whose services name both: the only route of a weighted
   * canary, the first A/B route in an A/B test (every A/B route carries the same split, and the
   * default route names the primary alone). Flagger's layout, whose default route also lists the
   * canary at weight 0, reads the same way, since its A/B route comes first. A service without a
   * weight counts 0.
   *
   * @return empty when no route names both Services, or both weights are 0: the object is not (or
   *     no longer) a split that Sluice manages
   */
  public static Optional<Routes> read(Canary canary, GenericKubernetesResource proxy) {
    String primary = HttpProxyModel.primaryService(canary);
    String canaryName = HttpProxyModel.canaryService(canary);
    for (JsonNode route : HttpProxyResource.spec(proxy).path("routes")) {
      JsonNode primaryRef = service(route, primary);
      JsonNode canaryRef = service(route, canaryName);
      if (primaryRef != null && canaryRef != null) {
        int primaryWeight = primaryRef.path("weight").asInt(0);
        int canaryWeight = canaryRef.path("weight").asInt(0);
        return primaryWeight == 0 && canaryWeight == 0
            ? Optional.empty()
            : Optional.of(new Routes(primaryWeight, canaryWeight, false));
      }
    }
    return Optional.empty();
  }

  private static JsonNode service(JsonNode route, String name) {
    for (JsonNode service : route.path("services")) {
      if (name.equals(service.path("name").asText())) {
        return service;
      }
    }
    return null;
  }
}

package dev.sluice.router.istio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/** Reads the traffic state of a canary back from its live VirtualService. */
public final class VirtualServiceWeights {

  private VirtualServiceWeights() {}

  /**
   * The split of {@code virtualService} between {@code <apex>-primary} and {@code <apex>-canary},
   * as found, without correcting it.
   *
   * <p>The route read is the last of the Canary's HTTP routes ({@link OwnedRoutes}: routes users
   * added are never read, even one to the canary host) with a destination on the canary host, as
   * Flagger reads it: the weighted route in every layout Flagger and Sluice write (after the sticky
   * routes of session affinity, before the all-to-primary default of A/B). A destination without a
   * weight counts as 0. {@code mirrored} is true when that route mirrors to the canary host.
   *
   * @return empty when no route sends to the canary host, or when both weights are 0: the object is
   *     not (or no longer) a split that Sluice manages
   */
  public static Optional<Routes> read(Canary canary, GenericKubernetesResource virtualService) {
    String primaryHost = VirtualServiceModel.primaryHost(canary);
    String canaryHost = VirtualServiceModel.canaryHost(canary);
    JsonNode weighted = null;
    JsonNode routes = IstioResource.spec(virtualService).path("http");
    for (JsonNode http : OwnedRoutes.canarys(routes, canary.apexName())) {
      if (sendsTo(http, canaryHost)) {
        weighted = http;
      }
    }
    if (weighted == null) {
      return Optional.empty();
    }
    int primaryWeight = weightOf(weighted, primaryHost);
    int canaryWeight = weightOf(weighted, canaryHost);
    if (primaryWeight == 0 && canaryWeight == 0) {
      return Optional.empty();
    }
    boolean mirrored = canaryHost.equals(weighted.path("mirror").path("host").asText());
    return Optional.of(new Routes(primaryWeight, canaryWeight, mirrored));
  }

  private static boolean sendsTo(JsonNode http, String host) {
    for (JsonNode destination : http.path("route")) {
      if (host.equals(destination.path("destination").path("host").asText())) {
        return true;
      }
    }
    return false;
  }

  private static int weightOf(JsonNode http, String host) {
    for (JsonNode destination : http.path("route")) {
      if (host.equals(destination.path("destination").path("host").asText())) {
        return destination.path("weight").asInt(0);
      }
    }
    return 0;
  }
}

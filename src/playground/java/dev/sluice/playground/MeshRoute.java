package dev.sluice.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The weighted destinations that a VirtualService gives requests without a match: the route of the
 * first HTTP entry that has no {@code match}, or of the last entry when every one matches.
 *
 * <p>As in Istio, a lone destination without a weight takes everything, and a missing weight is 0
 * otherwise. A destination's Service is its host up to the first dot.
 */
record MeshRoute(List<Destination> destinations) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One weighted destination. */
  record Destination(String service, int weight) {
    boolean canary() {
      return service.endsWith("-canary");
    }
  }

  MeshRoute {
    destinations = List.copyOf(destinations);
  }

  /**
   * The route of {@code virtualService}; empty when it has no HTTP route with a positive weight.
   */
  static Optional<MeshRoute> of(GenericKubernetesResource virtualService) {
    JsonNode http =
        JSON.valueToTree(virtualService.getAdditionalProperties().get("spec")).path("http");
    JsonNode chosen = null;
    for (JsonNode entry : http) {
      chosen = entry;
      if (entry.path("match").isMissingNode() || entry.path("match").isEmpty()) {
        break;
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    JsonNode route = chosen.path("route");
    List<Destination> destinations = new ArrayList<>();
    for (JsonNode destination : route) {
      String host = destination.path("destination").path("host").asText("");
      int dot = host.indexOf('.');
      int weight = destination.path("weight").asInt(route.size() == 1 ? 100 : 0);
      if (!host.isEmpty()) {
        destinations.add(new Destination(dot < 0 ? host : host.substring(0, dot), weight));
      }
    }
    MeshRoute result = new MeshRoute(destinations);
    return result.totalWeight() > 0 ? Optional.of(result) : Optional.empty();
  }

  /** The weight of the {@code -canary} destinations. */
  int canaryWeight() {
    return destinations.stream().filter(Destination::canary).mapToInt(Destination::weight).sum();
  }

  /**
   * The destination of a request, by weight.
   *
   * @param random uniform in [0, 1)
   */
  Destination pick(double random) {
    double point = random * totalWeight();
    double end = 0;
    Destination last = null;
    for (Destination destination : destinations) {
      if (destination.weight() <= 0) {
        continue;
      }
      end += destination.weight();
      last = destination;
      if (point < end) {
        return destination;
      }
    }
    return last;
  }

  private int totalWeight() {
    return destinations.stream().mapToInt(d -> Math.max(0, d.weight())).sum();
  }
}

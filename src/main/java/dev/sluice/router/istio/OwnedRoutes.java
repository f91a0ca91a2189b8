package dev.sluice.router.istio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which HTTP routes of a live VirtualService are the Canary's and which are someone else's.
 *
 * <p>Sluice names every route it writes with the prefix {@code sluice-}; those are the Canary's,
 * whatever layout they come from (a sticky route left from the last step is still Sluice's to
 * remove). Every other route is the user's: a redirect or an {@code /admin} route added by hand or
 * by another tool, kept as it is.
 *
 * <p>A VirtualService with no {@code sluice-} route was written by Flagger (or by a Sluice before
 * route names): Flagger names only its sticky route ({@code sticky-route}). There, unnamed routes
 * and {@code sticky-route} that send only to the primary and canary hosts are taken over as the
 * Canary's, so that Flagger's catch-all does not stay ahead of Sluice's; other routes stay.
 */
final class OwnedRoutes {

  /** The prefix of the name of every route Sluice writes. */
  static final String PREFIX = "sluice-";

  private static final String FLAGGER_STICKY = "sticky-route";

  private OwnedRoutes() {}

  /** The user's routes of {@code http} (a live {@code spec.http}), in their order. */
  static List<JsonNode> users(JsonNode http, String apex) {
    boolean legacy = isLegacy(http);
    List<JsonNode> users = new ArrayList<>();
    for (JsonNode route : http) {
      if (!isCanarys(route, legacy, apex)) {
        users.add(route);
      }
    }
    return users;
  }

  /** The Canary's routes of {@code http}, in their order. */
  static List<JsonNode> canarys(JsonNode http, String apex) {
    boolean legacy = isLegacy(http);
    List<JsonNode> owned = new ArrayList<>();
    for (JsonNode route : http) {
      if (isCanarys(route, legacy, apex)) {
        owned.add(route);
      }
    }
    return owned;
  }

  private static boolean isLegacy(JsonNode http) {
    for (JsonNode route : http) {
      if (named(route)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCanarys(JsonNode route, boolean legacy, String apex) {
    if (named(route)) {
      return true;
    }
    String name = route.path("name").asText("");
    return legacy
        && (name.isEmpty() || FLAGGER_STICKY.equals(name))
        && sendsOnlyTo(route, Set.of(apex + "-primary", apex + "-canary"));
  }

  private static boolean named(JsonNode route) {
    return route.path("name").asText("").startsWith(PREFIX);
  }

  private static boolean sendsOnlyTo(JsonNode route, Set<String> hosts) {
    JsonNode destinations = route.path("route");
    if (destinations.isEmpty()) {
      return false;
    }
    for (JsonNode destination : destinations) {
      if (!hosts.contains(destination.path("destination").path("host").asText())) {
        return false;
      }
    }
    return true;
  }
}

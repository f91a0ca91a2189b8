package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.traffic.Routes;
import dev.sluice.traffic.StickySession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTPRoute rules of session affinity ({@link StickySession}), which go ahead of the weighted
 * rule: one per expired cookie name (back to the primary, deleting the cookie), then while the
 * canary has weight one for the canary's cookie and, with {@code primaryCookieName}, one for the
 * primary's. The weighted rule's backends set the cookies ({@link #split}).
 */
final class StickyRules {

  private StickyRules() {}

  /** The rules ahead of the weighted one, for a split with {@code canaryWeight}. */
  static List<Map<String, Object>> ahead(Canary canary, int canaryWeight) {
    CanaryService service = canary.getSpec().getService();
    int port = service.getPort();
    List<Map<String, Object>> rules = new ArrayList<>();
    for (StickySession.Expiry expiry : StickySession.expired(canary, canaryWeight)) {
      List<Map<String, Object>> filters = RouteFilters.service(service);
      RouteFilters.addToResponseHeaders(
          filters, "Set-Cookie", StickySession.expireCookie(canary, expiry));
      rules.add(
          HttpRouteModel.rule(
              service,
              withCookies(service, expiry.cookies()),
              filters,
              List.of(backend(HttpRouteModel.primaryService(canary), port, 100))));
    }
    if (canaryWeight <= 0) {
      return rules;
    }
    rules.add(
        HttpRouteModel.rule(
            service,
            withCookies(service, List.of(StickySession.cookie(canary))),
            RouteFilters.service(service),
            List.of(backend(HttpRouteModel.canaryService(canary), port, 100))));
    StickySession.primaryCookie(canary, canaryWeight)
        .ifPresent(
            cookie ->
                rules.add(
                    HttpRouteModel.rule(
                        service,
                        withCookies(service, List.of(cookie)),
                        RouteFilters.service(service),
                        List.of(backend(HttpRouteModel.primaryService(canary), port, 100)))));
    return rules;
  }

  /**
   * The weighted backends: while the canary has weight, its responses set the run's cookie and,
   * with a primary cookie, the primary's set that one.
   */
  static List<Map<String, Object>> split(Canary canary, Routes routes) {
    int port = canary.getSpec().getService().getPort();
    Map<String, Object> primary =
        backend(HttpRouteModel.primaryService(canary), port, routes.primaryWeight());
    Map<String, Object> canaryRef =
        backend(HttpRouteModel.canaryService(canary), port, routes.canaryWeight());
    if (routes.canaryWeight() > 0) {
      setCookie(canaryRef, StickySession.setCookie(canary));
      Optional<String> primaryCookie = StickySession.primaryCookie(canary, routes.canaryWeight());
      primaryCookie.ifPresent(
          cookie -> setCookie(primary, StickySession.setPrimaryCookie(canary, cookie)));
    }
    return List.of(primary, canaryRef);
  }

  private static Map<String, Object> backend(String service, int port, int weight) {
    return RouteFilters.backendRef(service, port, weight);
  }

  private static void setCookie(Map<String, Object> backendRef, String value) {
    backendRef.put("filters", List.of(RouteFilters.addResponseHeader("Set-Cookie", value)));
  }

  /**
   * The service's matches, each once per cookie with a condition on the {@code Cookie} header added
   * to its own header conditions (any of the cookies routes the request).
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> withCookies(
      CanaryService service, List<String> cookies) {
    List<Map<String, Object>> matches = new ArrayList<>();
    for (String cookie : cookies) {
      Map<String, Object> condition = RouteMatches.cookieHeader(cookie);
      for (Map<String, Object> match : RouteMatches.service(service.getMatch())) {
        Map<String, Object> withCookie = new LinkedHashMap<>(match);
        List<Map<String, Object>> headers = new ArrayList<>();
        Object existing = match.get("headers");
        if (existing instanceof List<?> list) {
          headers.addAll((List<Map<String, Object>>) list);
        }
        headers.add(condition);
        withCookie.put("headers", headers);
        matches.add(withCookie);
      }
    }
    return matches;
  }
}

package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.traffic.Routes;
import dev.sluice.traffic.StickySession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of session affinity ({@link StickySession}) on Istio, ahead of the weighted route: one
 * per expired cookie name, back to the primary with responses that delete the cookie; then, while
 * the canary has weight, one for the canary's cookie to the canary and, with {@code
 * primaryCookieName}, one for the primary's to the primary. The weighted route's destinations set
 * the cookies ({@link #split}), as in Flagger ({@code headers.response.add} on the destination).
 */
final class StickyRoutes {

  static final String STICKY_CANARY = OwnedRoutes.PREFIX + "sticky-canary";
  static final String STICKY_PRIMARY = OwnedRoutes.PREFIX + "sticky-primary";
  static final String EXPIRE = OwnedRoutes.PREFIX + "expire-";

  /** Istio matches header names in lower case. */
  private static final String COOKIE = "cookie";

  private static final String SET_COOKIE = "Set-Cookie";

  private StickyRoutes() {}

  /** The routes ahead of the weighted one, for a split with {@code canaryWeight}. */
  static List<Map<String, Object>> ahead(Canary canary, int canaryWeight) {
    CanaryService service = canary.getSpec().getService();
    String primaryHost = VirtualServiceModel.primaryHost(canary);
    List<Map<String, Object>> routes = new ArrayList<>();
    for (StickySession.Expiry expiry : StickySession.expired(canary, canaryWeight)) {
      Map<String, Object> route =
          HttpRouteModel.route(
              EXPIRE + expiry.name(),
              service,
              withCookies(service, expiry.cookies()),
              List.of(HttpRouteModel.destination(canary, primaryHost, 100)));
      route.put("headers", withSetCookie(service, StickySession.expireCookie(canary, expiry)));
      routes.add(route);
    }
    if (canaryWeight <= 0) {
      return routes;
    }
    routes.add(
        HttpRouteModel.route(
            STICKY_CANARY,
            service,
            withCookies(service, List.of(StickySession.cookie(canary))),
            List.of(
                HttpRouteModel.destination(canary, VirtualServiceModel.canaryHost(canary), 100))));
    StickySession.primaryCookie(canary, canaryWeight)
        .ifPresent(
            cookie ->
                routes.add(
                    HttpRouteModel.route(
                        STICKY_PRIMARY,
                        service,
                        withCookies(service, List.of(cookie)),
                        List.of(HttpRouteModel.destination(canary, primaryHost, 100)))));
    return routes;
  }

  /**
   * Both weighted destinations; while the canary has weight, the canary's responses set the run's
   * cookie and, with a primary cookie, the primary's set that one.
   */
  static List<Map<String, Object>> split(Canary canary, Routes routes) {
    Map<String, Object> primary =
        HttpRouteModel.destination(
            canary, VirtualServiceModel.primaryHost(canary), routes.primaryWeight());
    Map<String, Object> canaryDestination =
        HttpRouteModel.destination(
            canary, VirtualServiceModel.canaryHost(canary), routes.canaryWeight());
    if (routes.canaryWeight() > 0) {
      setCookie(canaryDestination, StickySession.setCookie(canary));
      StickySession.primaryCookie(canary, routes.canaryWeight())
          .ifPresent(cookie -> setCookie(primary, StickySession.setPrimaryCookie(canary, cookie)));
    }
    return List.of(primary, canaryDestination);
  }

  private static void setCookie(Map<String, Object> destination, String value) {
    destination.put("headers", Map.of("response", Map.of("add", Map.of(SET_COOKIE, value))));
  }

  /**
   * The route's headers: the service's, with the {@code Set-Cookie} that deletes the expired cookie
   * added to its responses.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withSetCookie(CanaryService service, String value) {
    Map<String, Object> headers = IstioResource.toMap(service.getHeaders());
    Map<String, Object> result = headers == null ? new LinkedHashMap<>() : headers;
    Map<String, Object> response = new LinkedHashMap<>();
    if (result.get("response") instanceof Map<?, ?> existing) {
      response.putAll((Map<String, Object>) existing);
    }
    Map<String, Object> add = new LinkedHashMap<>();
    if (response.get("add") instanceof Map<?, ?> existing) {
      add.putAll((Map<String, Object>) existing);
    }
    add.put(SET_COOKIE, value);
    response.put("add", add);
    result.put("response", response);
    return result;
  }

  /**
   * The service's match conditions, each once per cookie with a condition on the {@code cookie}
   * header added to its own (any of the cookies routes the request); the cookie conditions alone
   * when the service has none.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> withCookies(
      CanaryService service, List<String> cookies) {
    List<Map<String, Object>> serviceMatch = MatchConditions.service(service.getMatch());
    List<Map<String, Object>> conditions = new ArrayList<>();
    for (String cookie : cookies) {
      Map<String, Object> header = Map.of("regex", StickySession.cookieHeaderPattern(cookie));
      for (Map<String, Object> base :
          serviceMatch == null ? List.of(Map.<String, Object>of()) : serviceMatch) {
        Map<String, Object> condition = new LinkedHashMap<>(base);
        Map<String, Object> headers = new LinkedHashMap<>();
        if (base.get("headers") instanceof Map<?, ?> existing) {
          headers.putAll((Map<String, Object>) existing);
        }
        headers.put(COOKIE, header);
        condition.put("headers", headers);
        conditions.add(condition);
      }
    }
    return conditions;
  }
}

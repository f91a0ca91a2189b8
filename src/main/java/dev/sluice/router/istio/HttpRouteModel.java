package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CorsPolicy;
import dev.sluice.api.v1beta1.HttpRewrite;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Istio {@code HTTPRoute} of the apex VirtualService, and its destinations. */
final class HttpRouteModel {

  private HttpRouteModel() {}

  /**
   * A route named {@code name} (how Sluice tells its routes from the user's, see {@link
   * OwnedRoutes}) with the given match and destinations and the pass-through settings of {@code
   * service}: rewrite, timeout, retries, headers and CORS policy. Unset settings are left out.
   */
  static Map<String, Object> route(
      String name,
      CanaryService service,
      List<Map<String, Object>> match,
      List<Map<String, Object>> route) {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("name", name);
    putIfSet(http, "match", match);
    putIfSet(http, "rewrite", rewrite(service.getRewrite()));
    putIfSet(http, "timeout", service.getTimeout());
    putIfSet(http, "retries", IstioResource.toMap(service.getRetries()));
    putIfSet(http, "headers", IstioResource.toMap(service.getHeaders()));
    putIfSet(http, "corsPolicy", corsPolicy(service.getCorsPolicy()));
    http.put("route", route);
    return http;
  }

  /**
   * A weighted destination. The port is named only where Flagger names it: with port discovery the
   * Services expose several ports, and a route bound to an ingress gateway (or delegated from one)
   * must say which one to use; inside the mesh the request's own port is kept, which naming a port
   * would break. With a single-port Service Istio picks the port itself.
   */
  static Map<String, Object> destination(Canary canary, String host, int weight) {
    Map<String, Object> destination = new LinkedHashMap<>();
    destination.put("host", host);
    if (namesPort(canary.getSpec().getService())) {
      destination.put("port", Map.of("number", canary.getSpec().getService().getPort()));
    }
    Map<String, Object> routeDestination = new LinkedHashMap<>();
    routeDestination.put("destination", destination);
    routeDestination.put("weight", weight);
    return routeDestination;
  }

  private static boolean namesPort(CanaryService service) {
    if (!Boolean.TRUE.equals(service.getPortDiscovery())) {
      return false;
    }
    List<String> gateways = service.getGateways();
    boolean ingress = gateways != null && !gateways.isEmpty() && !"mesh".equals(gateways.get(0));
    return ingress || Boolean.TRUE.equals(service.getDelegation());
  }

  /**
   * Istio's rewrite takes {@code uri} and {@code authority}; Flagger's {@code type} is for Gateway
   * API routes and has no Istio field.
   */
  static Map<String, Object> rewrite(HttpRewrite rewrite) {
    if (rewrite == null || (rewrite.getUri() == null && rewrite.getAuthority() == null)) {
      return null;
    }
    Map<String, Object> istio = new LinkedHashMap<>();
    putIfSet(istio, "uri", rewrite.getUri());
    putIfSet(istio, "authority", rewrite.getAuthority());
    return istio;
  }

  /**
   * The CORS policy with the deprecated {@code allowOrigin} list turned into {@code allowOrigins}
   * string matches. Istio ignores {@code allowOrigin} when {@code allowOrigins} is set, so it is
   * then dropped; otherwise each origin is an exact match, except {@code *}, which in the old field
   * meant any origin and so becomes the regex {@code .*} (an exact {@code *} would match nothing).
   */
  static Map<String, Object> corsPolicy(CorsPolicy cors) {
    Map<String, Object> istio = IstioResource.toMap(cors);
    if (istio == null) {
      return null;
    }
    istio.remove("allowOrigin");
    if (cors.getAllowOrigins() == null && cors.getAllowOrigin() != null) {
      istio.put(
          "allowOrigins",
          cors.getAllowOrigin().stream()
              .map(origin -> "*".equals(origin) ? Map.of("regex", ".*") : Map.of("exact", origin))
              .toList());
    }
    return istio;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}

package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.api.v1beta1.StringMatch;
import dev.sluice.traffic.Re2;
import dev.sluice.traffic.StickySession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gateway API {@code HTTPRouteMatch}es of the rules, from Flagger's Istio-shaped match requests:
 * the service's own conditions, and for A/B testing the canary's conditions merged with them.
 *
 * <p>Gateway API matches headers and query parameters only exactly or by regular expression, so a
 * prefix or suffix becomes the equivalent anchored regex (Flagger rejects the Canary instead).
 * Istio fields Gateway API has no counterpart for ({@code authority}, {@code scheme}, {@code
 * sourceLabels}, {@code withoutHeaders}, a method that is not an exact name) never reach here:
 * CanaryValidator refuses them (Flagger drops them silently).
 */
final class RouteMatches {

  /** Characters that RE2 treats as syntax outside a character class. */
  private RouteMatches() {}

  /**
   * {@code service.match} as route matches; without any, every path, which is also what the API
   * server would default an empty rule to (writing it keeps the live object equal to the desired).
   */
  static List<Map<String, Object>> service(List<HttpMatchRequest> serviceMatch) {
    List<Map<String, Object>> matches = new ArrayList<>();
    if (serviceMatch != null) {
      for (HttpMatchRequest request : serviceMatch) {
        Map<String, Object> match = serviceCondition(request);
        if (!match.isEmpty()) {
          matches.add(match);
        }
      }
    }
    if (matches.isEmpty()) {
      matches.add(Map.of("path", Map.of("type", "PathPrefix", "value", "/")));
    }
    return matches;
  }

  /**
   * The conditions that send a request to the canary in an A/B run: every A/B condition combined
   * with every service condition, since a request must meet both. Flagger replaces the service
   * condition's headers and query parameters with the A/B ones, losing the service's own; here they
   * are joined, the A/B condition winning on the same name.
   */
  static List<Map<String, Object>> canary(List<AbMatch> abMatch, List<HttpMatchRequest> service) {
    List<Map<String, Object>> merged = new ArrayList<>();
    for (AbMatch ab : abMatch) {
      for (Map<String, Object> condition : service(service)) {
        Map<String, Object> match = new LinkedHashMap<>(condition);
        join(match, "headers", abHeaders(ab));
        join(match, "queryParams", values(ab.getQueryParams()));
        merged.add(match);
      }
    }
    return merged;
  }

  /**
   * A condition on the {@code Cookie} header for a cookie {@code name=value}: how Flagger routes by
   * cookie, since Gateway API has no cookie match of its own.
   */
  static Map<String, Object> cookieHeader(String nameAndValue) {
    return valueMatch(
        "Cookie", "RegularExpression", StickySession.cookieHeaderPattern(nameAndValue));
  }

  private static Map<String, Object> serviceCondition(HttpMatchRequest request) {
    Map<String, Object> match = new LinkedHashMap<>();
    GatewayApiResource.putIfSet(match, "path", path(request.getUri()));
    StringMatch method = request.getMethod();
    if (method != null && method.getExact() != null) {
      match.put("method", method.getExact());
    }
    join(match, "headers", values(request.getHeaders()));
    join(match, "queryParams", values(request.getQueryParams()));
    return match;
  }

  private static Map<String, Object> path(StringMatch uri) {
    if (uri == null) {
      return null;
    }
    if (uri.getRegex() != null) {
      return Map.of("type", "RegularExpression", "value", uri.getRegex());
    }
    if (uri.getExact() != null) {
      return Map.of("type", "Exact", "value", uri.getExact());
    }
    return uri.getPrefix() == null ? null : Map.of("type", "PathPrefix", "value", uri.getPrefix());
  }

  private static List<Map<String, Object>> abHeaders(AbMatch ab) {
    List<Map<String, Object>> headers = new ArrayList<>();
    if (ab.getHeaders() != null) {
      ab.getHeaders()
          .forEach(
              (name, match) -> {
                Map<String, Object> header = headerMatch(name, match);
                if (header != null) {
                  headers.add(header);
                }
              });
    }
    return headers;
  }

  /**
   * A header condition. Exact and regex carry over; prefix and suffix become anchored regexes. An
   * empty condition is dropped: Gateway API has no "header present" match.
   */
  static Map<String, Object> headerMatch(String name, HeaderStringMatch match) {
    if (match.getExact() != null) {
      return valueMatch(name, "Exact", match.getExact());
    }
    if (match.getPrefix() != null) {
      return valueMatch(name, "RegularExpression", "^" + Re2.literal(match.getPrefix()) + ".*");
    }
    if (match.getSuffix() != null) {
      return valueMatch(name, "RegularExpression", ".*" + Re2.literal(match.getSuffix()) + "$");
    }
    return match.getRegex() == null
        ? null
        : valueMatch(name, "RegularExpression", match.getRegex());
  }

  private static List<Map<String, Object>> values(Map<String, StringMatch> conditions) {
    List<Map<String, Object>> matches = new ArrayList<>();
    if (conditions != null) {
      conditions.forEach(
          (name, match) -> {
            HeaderStringMatch header = new HeaderStringMatch();
            header.setExact(match.getExact());
            header.setPrefix(match.getPrefix());
            header.setRegex(match.getRegex());
            Map<String, Object> converted = headerMatch(name, header);
            if (converted != null) {
              matches.add(converted);
            }
          });
    }
    return matches;
  }

  private static Map<String, Object> valueMatch(String name, String type, String value) {
    Map<String, Object> match = new LinkedHashMap<>();
    match.put("type", type);
    match.put("name", name);
    match.put("value", value);
    return match;
  }

  /** Adds {@code extra} to the list at {@code field}, replacing entries of the same name. */
  @SuppressWarnings("unchecked")
  private static void join(
      Map<String, Object> match, String field, List<Map<String, Object>> extra) {
    if (extra.isEmpty()) {
      return;
    }
    Map<Object, Map<String, Object>> byName = new LinkedHashMap<>();
    Object existing = match.get(field);
    if (existing instanceof List<?> list) {
      for (Object entry : list) {
        byName.put(((Map<String, Object>) entry).get("name"), (Map<String, Object>) entry);
      }
    }
    extra.forEach(entry -> byName.put(entry.get("name"), entry));
    match.put(field, new ArrayList<>(byName.values()));
  }
}

package dev.sluice.router.contour;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.api.v1beta1.StringMatch;
import dev.sluice.traffic.Re2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contour match conditions of the HTTPProxy's routes, from Flagger's Istio-shaped matches. The
 * conditions of one route must all hold (Contour ANDs them), so each A/B alternative ({@code
 * analysis.match[i]}) gets a route of its own.
 *
 * <p>Headers: exact stays exact; prefix and suffix become anchored regexes (Envoy matches a header
 * regex against the whole value), since Flagger's {@code contains} would also send {@code xAndroid}
 * to the canary for a prefix {@code Android}; a header named without any value test means
 * "present", as in Istio. Query parameters map one to one. What Contour cannot express never
 * reaches here: {@link ContourProblems} refuses it.
 */
final class ProxyConditions {

  private ProxyConditions() {}

  /**
   * The path prefix every route carries: the first {@code service.match}'s URI prefix, else "/"
   * (what Flagger writes).
   */
  static String prefix(CanaryService service) {
    HttpMatchRequest first = first(service);
    if (first != null && first.getUri() != null && first.getUri().getPrefix() != null) {
      return first.getUri().getPrefix();
    }
    return "/";
  }

  /** The conditions of the default route: the prefix and the service's own header and queries. */
  static List<Map<String, Object>> service(CanaryService service) {
    return combine(service, null);
  }

  /**
   * The conditions of the A/B route for {@code ab}: the service's conditions and the A/B ones, the
   * A/B test winning on a header or query parameter both name (Contour refuses two exact matches of
   * the same header in one route).
   */
  static List<Map<String, Object>> canary(CanaryService service, AbMatch ab) {
    return combine(service, ab);
  }

  private static List<Map<String, Object>> combine(CanaryService service, AbMatch ab) {
    Map<String, Map<String, Object>> headers = new LinkedHashMap<>();
    Map<String, Map<String, Object>> queries = new LinkedHashMap<>();
    HttpMatchRequest first = first(service);
    if (first != null) {
      addStrings(headers, first.getHeaders(), true);
      addStrings(queries, first.getQueryParams(), false);
    }
    if (ab != null) {
      if (ab.getHeaders() != null) {
        ab.getHeaders().forEach((name, match) -> headers.put(name, header(name, match)));
      }
      addStrings(queries, ab.getQueryParams(), false);
    }
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(Map.of("prefix", prefix(service)));
    headers.values().forEach(h -> conditions.add(Map.of("header", h)));
    queries.values().forEach(q -> conditions.add(Map.of("queryParameter", q)));
    return conditions;
  }

  /** A header condition of an A/B match (exact, prefix, suffix, regex, or presence). */
  static Map<String, Object> header(String name, HeaderStringMatch match) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("name", name);
    if (match == null) {
      header.put("present", true);
    } else if (match.getExact() != null) {
      header.put("exact", match.getExact());
    } else if (match.getPrefix() != null) {
      header.put("regex", Re2.literal(match.getPrefix()) + ".*");
    } else if (match.getSuffix() != null) {
      header.put("regex", ".*" + Re2.literal(match.getSuffix()));
    } else if (match.getRegex() != null) {
      header.put("regex", match.getRegex());
    } else {
      header.put("present", true);
    }
    return header;
  }

  private static void addStrings(
      Map<String, Map<String, Object>> into, Map<String, StringMatch> matches, boolean isHeader) {
    if (matches == null) {
      return;
    }
    matches.forEach(
        (name, match) -> {
          if (isHeader) {
            HeaderStringMatch header = new HeaderStringMatch();
            if (match != null) {
              header.setExact(match.getExact());
              header.setPrefix(match.getPrefix());
              header.setRegex(match.getRegex());
            }
            into.put(name, header(name, header));
          } else {
            into.put(name, query(name, match));
          }
        });
  }

  /** A query parameter condition: Contour matches exact, prefix and regex as Istio does. */
  private static Map<String, Object> query(String name, StringMatch match) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("name", name);
    if (match != null && match.getExact() != null) {
      query.put("exact", match.getExact());
    } else if (match != null && match.getPrefix() != null) {
      query.put("prefix", match.getPrefix());
    } else if (match != null && match.getRegex() != null) {
      query.put("regex", match.getRegex());
    } else {
      query.put("present", true);
    }
    return query;
  }

  private static HttpMatchRequest first(CanaryService service) {
    List<HttpMatchRequest> match = service.getMatch();
    return match == null || match.isEmpty() ? null : match.get(0);
  }
}

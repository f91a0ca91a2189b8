package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.traffic.Re2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Istio {@code HTTPMatchRequest}s of the routes: the service's own conditions, and for A/B testing
 * the canary's conditions merged with them.
 */
final class MatchConditions {

  /** Characters that RE2 treats as syntax outside a character class. */
  private MatchConditions() {}

  /** {@code service.match} as Istio match requests; null (not emitted) when there are none. */
  static List<Map<String, Object>> service(List<HttpMatchRequest> serviceMatch) {
    if (serviceMatch == null || serviceMatch.isEmpty()) {
      return null;
    }
    return serviceMatch.stream().map(IstioResource::toMap).toList();
  }

  /**
   * The conditions that send a request to the canary in an A/B run: every A/B condition combined
   * with every service condition (a request must meet both), or the A/B conditions alone when the
   * service has none.
   *
   * <p>Flagger replaces the service condition's {@code headers} and {@code sourceLabels} with the
   * A/B ones and drops the A/B {@code queryParams}; that loses the service's own header conditions
   * and ignores query parameters whenever {@code service.match} is set. Here the maps are joined
   * (the A/B entry wins on the same key), which is what "both must match" means.
   */
  static List<Map<String, Object>> canary(List<AbMatch> abMatch, List<HttpMatchRequest> service) {
    List<Map<String, Object>> defaults = service(service);
    List<Map<String, Object>> merged = new ArrayList<>();
    for (AbMatch ab : abMatch) {
      if (defaults == null) {
        merged.add(abCondition(ab, new LinkedHashMap<>()));
        continue;
      }
      for (Map<String, Object> condition : defaults) {
        merged.add(abCondition(ab, new LinkedHashMap<>(condition)));
      }
    }
    return merged;
  }

  private static Map<String, Object> abCondition(AbMatch ab, Map<String, Object> base) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (ab.getHeaders() != null) {
      ab.getHeaders().forEach((name, match) -> headers.put(name, headerMatch(match)));
    }
    join(base, "headers", headers);
    join(base, "queryParams", IstioResource.toMap(ab.getQueryParams()));
    join(base, "sourceLabels", ab.getSourceLabels());
    return base;
  }

  @SuppressWarnings("unchecked")
  private static void join(Map<String, Object> base, String field, Map<String, ?> extra) {
    if (extra == null || extra.isEmpty()) {
      return;
    }
    Map<String, Object> joined = new LinkedHashMap<>();
    Object existing = base.get(field);
    if (existing instanceof Map<?, ?> map) {
      joined.putAll((Map<String, Object>) map);
    }
    joined.putAll(extra);
    base.put(field, joined);
  }

  /**
   * A header condition as an Istio {@code StringMatch}. Flagger's A/B headers also offer {@code
   * suffix}, which Istio's StringMatch no longer has: the API server would prune it and leave an
   * empty match, which Istio reads as "header present", so every request carrying the header would
   * reach the canary. It becomes the equivalent anchored RE2 regex instead. Flagger's schema allows
   * exactly one of the four; should several be set anyway, the first of exact, prefix, suffix,
   * regex wins, since Istio accepts only one.
   */
  static Map<String, Object> headerMatch(HeaderStringMatch match) {
    if (match.getExact() != null) {
      return Map.of("exact", match.getExact());
    }
    if (match.getPrefix() != null) {
      return Map.of("prefix", match.getPrefix());
    }
    if (match.getSuffix() != null) {
      return Map.of("regex", ".*" + Re2.literal(match.getSuffix()));
    }
    if (match.getRegex() != null) {
      return Map.of("regex", match.getRegex());
    }
    return Map.of();
  }
}

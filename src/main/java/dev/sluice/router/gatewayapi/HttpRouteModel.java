package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CustomMetadata;
import dev.sluice.api.v1beta1.GatewayRef;
import dev.sluice.router.Handover;
import dev.sluice.traffic.Routes;
import dev.sluice.traffic.StickySession;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Gateway API HTTPRoute of a canary, as Flagger 1.44 writes it: named after the apex
 * Service, in the canary's namespace, owned by the Canary, attached to {@code service.gatewayRefs}
 * for {@code service.hosts}, with rules that split traffic between the Services {@code
 * <apex>-primary} and {@code <apex>-canary}.
 *
 * <p>Pure: builds objects, never talks to the API server. Structure comes from the Canary, traffic
 * (weights, mirroring) from a {@link Routes}, so that a structural reconcile can keep the live
 * weights with {@link #desiredKeepingWeights}.
 */
public final class HttpRouteModel {

  public static final String KIND = GatewayApiResource.KIND;

  private HttpRouteModel() {}

  /**
   * The HTTPRoute for {@code canary} in API {@code version} ({@code v1} or {@code v1beta1}) with
   * the traffic split of {@code routes}.
   *
   * <ul>
   *   <li>Weighted and blue/green: one rule with {@code service.match} (every path if none) and
   *       both backends. When {@code routes.mirrored()} the rule mirrors to the canary, {@code
   *       analysis.mirrorWeight} percent of requests if set, else all.
   *   <li>Session affinity: the rules of {@link StickyRules} ahead of the weighted rule, whose
   *       backends set the cookies while the canary has weight.
   *   <li>A/B ({@code analysis.match}): a rule with the merged conditions and the split, then the
   *       service's conditions all to primary. Mirroring and session affinity do not apply.
   * </ul>
   *
   * <p>Every rule carries the service's filters ({@code headers}, {@code rewrite}, {@code mirror})
   * and {@code timeout}; {@code retries} and {@code corsPolicy} have no Gateway API counterpart in
   * Flagger and are left out.
   *
   * @throws IllegalArgumentException if a weight is outside 0..100 or the two do not sum to 100
   */
  public static GenericKubernetesResource desired(Canary canary, Routes routes, String version) {
    routes.requireValid();
    CanaryService service = canary.getSpec().getService();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("parentRefs", parentRefs(service.getGatewayRefs()));
    if (service.getHosts() != null && !service.getHosts().isEmpty()) {
      spec.put("hostnames", List.copyOf(service.getHosts()));
    }
    spec.put("rules", isAbTest(canary) ? abRules(canary, routes) : weightedRules(canary, routes));
    CustomMetadata apex = service.getApex();
    return GatewayApiResource.create(
        version, canary, apex == null ? null : apex.getLabels(), annotations(apex), spec);
  }

  /**
   * The HTTPRoute with the traffic state of {@code existing}: what a structural reconcile writes,
   * so that a change of hosts or matches never moves traffic. The live canary weight is kept and
   * the primary gets the rest; with no {@code existing} object, or no split in it, all traffic goes
   * to primary.
   */
  public static GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource existing, String version) {
    Routes live =
        existing == null
            ? Routes.allToPrimary()
            : HttpRouteWeights.read(canary, existing).orElse(Routes.allToPrimary());
    int canaryWeight = Math.max(0, Math.min(100, live.canaryWeight()));
    return desired(canary, new Routes(100 - canaryWeight, canaryWeight, live.mirrored()), version);
  }

  static String primaryService(Canary canary) {
    return canary.apexName() + "-primary";
  }

  static String canaryService(Canary canary) {
    return canary.apexName() + "-canary";
  }

  private static boolean isAbTest(Canary canary) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    return analysis != null && analysis.getMatch() != null && !analysis.getMatch().isEmpty();
  }

  private static List<Map<String, Object>> parentRefs(List<GatewayRef> gatewayRefs) {
    List<Map<String, Object>> refs = new ArrayList<>();
    if (gatewayRefs != null) {
      for (GatewayRef ref : gatewayRefs) {
        Map<String, Object> parent = new LinkedHashMap<>();
        GatewayApiResource.putIfSet(parent, "group", ref.getGroup());
        GatewayApiResource.putIfSet(parent, "kind", ref.getKind());
        GatewayApiResource.putIfSet(parent, "namespace", ref.getNamespace());
        parent.put("name", ref.getName());
        GatewayApiResource.putIfSet(parent, "sectionName", ref.getSectionName());
        GatewayApiResource.putIfSet(parent, "port", ref.getPort());
        refs.add(parent);
      }
    }
    return refs;
  }

  private static List<Map<String, Object>> weightedRules(Canary canary, Routes routes) {
    CanaryService service = canary.getSpec().getService();
    List<Map<String, Object>> filters = RouteFilters.service(service);
    if (routes.mirrored()) {
      filters.add(
          RouteFilters.mirror(
              canaryService(canary),
              service.getPort(),
              canary.getSpec().getAnalysis().getMirrorWeight()));
    }
    List<Map<String, Object>> matches = RouteMatches.service(service.getMatch());
    if (!StickySession.enabled(canary)) {
      return List.of(rule(service, matches, filters, split(canary, routes)));
    }
    List<Map<String, Object>> rules = StickyRules.ahead(canary, routes.canaryWeight());
    rules.add(rule(service, matches, filters, StickyRules.split(canary, routes)));
    return rules;
  }

  /**
   * The default rule gets weight 100 whatever the split: the primary's weight would be 0 (a route
   * to nowhere) if the split ever gave the canary everything.
   */
  private static List<Map<String, Object>> abRules(Canary canary, Routes routes) {
    CanaryService service = canary.getSpec().getService();
    List<Map<String, Object>> canaryMatches =
        RouteMatches.canary(canary.getSpec().getAnalysis().getMatch(), service.getMatch());
    return List.of(
        rule(service, canaryMatches, RouteFilters.service(service), split(canary, routes)),
        rule(
            service,
            RouteMatches.service(service.getMatch()),
            RouteFilters.service(service),
            List.of(RouteFilters.backendRef(primaryService(canary), service.getPort(), 100))));
  }

  /** Both backends, weighted. */
  private static List<Map<String, Object>> split(Canary canary, Routes routes) {
    int port = canary.getSpec().getService().getPort();
    return List.of(
        RouteFilters.backendRef(primaryService(canary), port, routes.primaryWeight()),
        RouteFilters.backendRef(canaryService(canary), port, routes.canaryWeight()));
  }

  static Map<String, Object> rule(
      CanaryService service,
      List<Map<String, Object>> matches,
      List<Map<String, Object>> filters,
      List<Map<String, Object>> backendRefs) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("matches", matches);
    if (!filters.isEmpty()) {
      rule.put("filters", filters);
    }
    rule.put("backendRefs", backendRefs);
    if (service.getTimeout() != null && !service.getTimeout().isBlank()) {
      rule.put("timeouts", Map.of("request", service.getTimeout()));
    }
    return rule;
  }

  private static Map<String, String> annotations(CustomMetadata apex) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (apex != null && apex.getAnnotations() != null) {
      annotations.putAll(apex.getAnnotations());
    }
    annotations.putAll(Handover.GITOPS_OPT_OUT);
    return annotations;
  }
}

package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CustomMetadata;
import dev.sluice.router.Handover;
import dev.sluice.traffic.Routes;
import dev.sluice.traffic.StickySession;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired apex Istio VirtualService of a canary, as Flagger 1.44 writes it: named after the
 * apex Service, owned by the Canary, one HTTP route that splits traffic between {@code
 * <apex>-primary} and {@code <apex>-canary}.
 *
 * <p>Pure: builds objects, never talks to the API server. Structure (hosts, gateways, matches,
 * pass-through settings) comes from the Canary; traffic (weights, mirroring) from a {@link Routes},
 * so that a structural reconcile can keep the live weights with {@link #desiredKeepingWeights}.
 *
 * <p>Every HTTP route is named with the prefix {@code sluice-} ({@link OwnedRoutes}): the names are
 * how the router tells the routes it owns from routes others added to the same VirtualService,
 * which it leaves alone ({@link VirtualServiceMerge}).
 *
 * <p>Not modelled yet: Flagger's TCP routes ({@code service.appProtocol: tcp}); for those Canaries
 * this builds the plain HTTP route.
 */
public final class VirtualServiceModel {

  public static final String API_VERSION = IstioResource.API_VERSION;
  public static final String KIND = "VirtualService";

  /** The weighted route: the catch-all of a canary or blue/green run, last of Sluice's routes. */
  static final String SPLIT = OwnedRoutes.PREFIX + "split";

  /** A/B testing: the route of the requests that match, then the default to the primary. */
  static final String AB_MATCH = OwnedRoutes.PREFIX + "ab-match";

  static final String AB_DEFAULT = OwnedRoutes.PREFIX + "ab-default";

  private static final String MESH_GATEWAY = "mesh";

  private VirtualServiceModel() {}

  /**
   * The VirtualService for {@code canary} with the traffic split of {@code routes}.
   *
   * <ul>
   *   <li>hosts: {@code service.hosts} plus the apex name (unless listed, or {@code *} is);
   *       gateways: {@code service.gateways}, else {@code mesh}. With {@code service.delegation}
   *       neither is set, as Istio requires of a delegate (Flagger rejects a delegating Canary that
   *       sets them; that check belongs to Canary validation).
   *   <li>Weighted and blue/green: one route ({@code sluice-split}) with {@code service.match} and
   *       both destinations. When {@code routes.mirrored()}, it mirrors to the canary host, {@code
   *       analysis.mirrorWeight} percent of requests if set, else all.
   *   <li>Session affinity: the routes of {@link StickyRoutes} ahead of {@code sluice-split}, whose
   *       destinations set the cookies while the canary has weight.
   *   <li>A/B ({@code analysis.match} set; like Flagger, the routes do not look at {@code
   *       iterations}): the first route ({@code sluice-ab-match}) carries the merged match
   *       conditions and the split, the second ({@code sluice-ab-default}) sends the remaining
   *       requests all to primary. Mirroring does not apply, as in Flagger.
   * </ul>
   *
   * <p>Requires {@code spec.service} (Flagger's schema requires it for every mesh provider).
   *
   * @throws IllegalArgumentException if a weight is outside 0..100 or the two do not sum to 100
   */
  public static GenericKubernetesResource desired(Canary canary, Routes routes) {
    routes.requireValid();
    CanaryService service = canary.getSpec().getService();
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!Boolean.TRUE.equals(service.getDelegation())) {
      spec.put("hosts", hosts(canary));
      spec.put("gateways", gateways(service));
    }
    spec.put("http", isAbTest(canary) ? abRoutes(canary, routes) : weightedRoutes(canary, routes));
    CustomMetadata apex = service.getApex();
    return IstioResource.create(
        KIND,
        canary.apexName(),
        canary,
        apex == null ? null : apex.getLabels(),
        annotations(apex),
        spec);
  }

  /**
   * The VirtualService for {@code canary} with the traffic state of {@code existing}: what a
   * structural reconcile writes, so that a change of hosts or matches never moves traffic.
   *
   * <p>The live canary weight is kept and the primary gets the rest, so the result always sums to
   * 100 even if someone edited the weights by hand. With no {@code existing} object, or one without
   * a primary/canary split, all traffic goes to primary. Mirroring is kept as found; its percentage
   * follows the current {@code analysis.mirrorWeight}.
   */
  public static GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource existing) {
    Routes live =
        existing == null
            ? Routes.allToPrimary()
            : VirtualServiceWeights.read(canary, existing).orElse(Routes.allToPrimary());
    int canaryWeight = Math.max(0, Math.min(100, live.canaryWeight()));
    return desired(canary, new Routes(100 - canaryWeight, canaryWeight, live.mirrored()));
  }

  static String primaryHost(Canary canary) {
    return canary.apexName() + "-primary";
  }

  static String canaryHost(Canary canary) {
    return canary.apexName() + "-canary";
  }

  private static boolean isAbTest(Canary canary) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    return analysis != null && analysis.getMatch() != null && !analysis.getMatch().isEmpty();
  }

  private static List<String> hosts(Canary canary) {
    List<String> hosts = new ArrayList<>();
    List<String> listed = canary.getSpec().getService().getHosts();
    if (listed != null) {
      hosts.addAll(listed);
    }
    if (!hosts.contains(canary.apexName()) && !hosts.contains("*")) {
      hosts.add(canary.apexName());
    }
    return hosts;
  }

  private static List<String> gateways(CanaryService service) {
    List<String> gateways = service.getGateways();
    return gateways == null || gateways.isEmpty() ? List.of(MESH_GATEWAY) : List.copyOf(gateways);
  }

  private static List<Map<String, Object>> split(Canary canary, Routes routes) {
    return List.of(
        HttpRouteModel.destination(canary, primaryHost(canary), routes.primaryWeight()),
        HttpRouteModel.destination(canary, canaryHost(canary), routes.canaryWeight()));
  }

  private static List<Map<String, Object>> weightedRoutes(Canary canary, Routes routes) {
    CanaryService service = canary.getSpec().getService();
    Map<String, Object> route =
        HttpRouteModel.route(
            SPLIT,
            service,
            MatchConditions.service(service.getMatch()),
            StickySession.enabled(canary)
                ? StickyRoutes.split(canary, routes)
                : split(canary, routes));
    if (routes.mirrored()) {
      route.put("mirror", Map.of("host", canaryHost(canary)));
      Integer mirrorWeight = canary.getSpec().getAnalysis().getMirrorWeight();
      if (mirrorWeight != null && mirrorWeight > 0) {
        route.put("mirrorPercentage", Map.of("value", mirrorWeight.doubleValue()));
      }
    }
    if (!StickySession.enabled(canary)) {
      return List.of(route);
    }
    List<Map<String, Object>> routesAhead = StickyRoutes.ahead(canary, routes.canaryWeight());
    routesAhead.add(route);
    return routesAhead;
  }

  /**
   * The default route gets weight 100 whatever the split: Flagger writes the primary weight there,
   * which would be 0 (a route to nowhere) if the split ever gave the canary everything.
   */
  private static List<Map<String, Object>> abRoutes(Canary canary, Routes routes) {
    CanaryService service = canary.getSpec().getService();
    List<Map<String, Object>> canaryMatch =
        MatchConditions.canary(canary.getSpec().getAnalysis().getMatch(), service.getMatch());
    return List.of(
        HttpRouteModel.route(AB_MATCH, service, canaryMatch, split(canary, routes)),
        HttpRouteModel.route(
            AB_DEFAULT,
            service,
            MatchConditions.service(service.getMatch()),
            List.of(HttpRouteModel.destination(canary, primaryHost(canary), 100))));
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

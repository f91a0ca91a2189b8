package dev.sluice.router.contour;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.HttpRetry;
import dev.sluice.router.Handover;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired Contour HTTPProxy ({@code projectcontour.io/v1}) of a canary, as Flagger 1.44 writes
 * it: named after the apex Service, in the canary's namespace, owned by the Canary, with routes
 * that split traffic between the Services {@code <apex>-primary} and {@code <apex>-canary} on
 * {@code service.port}.
 *
 * <p>The proxy has no {@code virtualhost}: it is not a root proxy but one that the user's root
 * HTTPProxy includes (Flagger's tutorial: {@code includes: [{name: <apex>, namespace: <ns>}]}), so
 * the host name, TLS and the ingress class of the root stay the user's.
 *
 * <p>Pure: builds objects, never talks to the API server. Structure comes from the Canary, weights
 * from a {@link Routes}, so that a structural reconcile can keep the live weights with {@link
 * #desiredKeepingWeights}.
 */
public final class HttpProxyModel {

  public static final String KIND = HttpProxyResource.KIND;

  /** Flagger's idle timeout beside a request timeout; Envoy's default (1h) would outlive it. */
  static final String IDLE_TIMEOUT = "5m";

  /** Linkerd's header that keeps the Service Contour chose when the pod is meshed. */
  static final String LINKERD_OVERRIDE = "l5d-dst-override";

  /** Contour's ingress class annotation, which Flagger sets from its {@code -ingress-class}. */
  static final String INGRESS_CLASS = "projectcontour.io/ingress.class";

  private HttpProxyModel() {}

  /**
   * The HTTPProxy for {@code canary} with the traffic split of {@code routes}.
   *
   * <ul>
   *   <li>Weighted and blue/green: one route on the service's conditions (the path prefix of {@code
   *       service.match[0]}, else "/") with both Services weighted.
   *   <li>A/B ({@code analysis.match}): one route per match alternative, with its conditions and
   *       the split, ahead of the default route that sends everything else to the primary alone.
   * </ul>
   *
   * <p>Every route carries {@code service.timeout} as the response timeout (idle 5m) and {@code
   * service.retries} as the retry policy. Mirroring is refused by validation: Contour mirrors to a
   * Service without weight, which is not what {@code analysis.mirror} with its weights means.
   *
   * @throws IllegalArgumentException if the split is not writable, or asks for mirroring
   */
  public static GenericKubernetesResource desired(Canary canary, Routes routes) {
    routes.requireValid();
    if (routes.mirrored()) {
      throw new IllegalArgumentException("provider contour cannot mirror traffic");
    }
    CanaryService service = canary.getSpec().getService();
    List<Map<String, Object>> proxyRoutes = new ArrayList<>();
    for (AbMatch ab : abMatches(canary)) {
      proxyRoutes.add(route(canary, ProxyConditions.canary(service, ab), split(canary, routes)));
    }
    List<Map<String, Object>> defaultServices =
        abMatches(canary).isEmpty()
            ? split(canary, routes)
            : List.of(backend(canary, primaryService(canary), 100));
    proxyRoutes.add(route(canary, ProxyConditions.service(service), defaultServices));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("routes", proxyRoutes);
    return HttpProxyResource.create(canary, spec);
  }

  /**
   * The HTTPProxy with the split of {@code existing}: what a structural reconcile writes, so that a
   * change of conditions or timeouts never moves traffic. The live canary weight is kept and the
   * primary gets the rest; with no {@code existing} object, or no split in it, all traffic goes to
   * the primary.
   */
  public static GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource existing) {
    Routes live =
        existing == null
            ? Routes.allToPrimary()
            : HttpProxyWeights.read(canary, existing).orElse(Routes.allToPrimary());
    int canaryWeight = Math.max(0, Math.min(100, live.canaryWeight()));
    return desired(canary, Routes.weighted(canaryWeight));
  }

  /**
   * {@code live} handed back to the apex Service: one route on the service's conditions to {@code
   * <apex>}, and no owner reference to the Canary, so that the proxy outlives it. What the
   * finalizer leaves behind: the user's root HTTPProxy includes this one by name, and deleting it
   * would make Contour mark the root invalid and stop serving the app's host.
   */
  public static GenericKubernetesResource releasedToApex(
      Canary canary, GenericKubernetesResource live) {
    Map<String, Object> spec = new LinkedHashMap<>();
    Object liveSpec = live.getAdditionalProperties().get("spec");
    if (liveSpec instanceof Map<?, ?> map) {
      map.forEach((key, value) -> spec.put(String.valueOf(key), value));
    }
    spec.put(
        "routes",
        List.of(
            route(
                canary,
                ProxyConditions.service(canary.getSpec().getService()),
                List.of(backend(canary, canary.apexName(), 100)))));
    return Handover.released(live, canary, spec);
  }

  /**
   * {@code proxy} with the ingress class Contour serves as its {@code
   * projectcontour.io/ingress.class} annotation (Flagger's way, which Contour also prefers over
   * {@code spec.ingressClassName}); unchanged when no class is configured.
   */
  public static GenericKubernetesResource withIngressClass(
      GenericKubernetesResource proxy, Optional<String> ingressClass) {
    ingressClass
        .filter(c -> !c.isBlank())
        .ifPresent(c -> proxy.getMetadata().getAnnotations().put(INGRESS_CLASS, c));
    return proxy;
  }

  static String primaryService(Canary canary) {
    return canary.apexName() + "-primary";
  }

  static String canaryService(Canary canary) {
    return canary.apexName() + "-canary";
  }

  private static List<AbMatch> abMatches(Canary canary) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    return analysis == null || analysis.getMatch() == null ? List.of() : analysis.getMatch();
  }

  private static List<Map<String, Object>> split(Canary canary, Routes routes) {
    return List.of(
        backend(canary, primaryService(canary), routes.primaryWeight()),
        backend(canary, canaryService(canary), routes.canaryWeight()));
  }

  private static Map<String, Object> backend(Canary canary, String name, int weight) {
    int port = canary.getSpec().getService().getPort();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("name", LINKERD_OVERRIDE);
    header.put(
        "value", name + "." + canary.getMetadata().getNamespace() + ".svc.cluster.local:" + port);
    Map<String, Object> backend = new LinkedHashMap<>();
    backend.put("name", name);
    backend.put("port", port);
    backend.put("weight", weight);
    backend.put("requestHeadersPolicy", Map.of("set", List.of(header)));
    return backend;
  }

  private static Map<String, Object> route(
      Canary canary, List<Map<String, Object>> conditions, List<Map<String, Object>> services) {
    CanaryService service = canary.getSpec().getService();
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("conditions", conditions);
    if (service.getTimeout() != null && !service.getTimeout().isBlank()) {
      Map<String, Object> timeout = new LinkedHashMap<>();
      timeout.put("response", service.getTimeout());
      timeout.put("idle", IDLE_TIMEOUT);
      route.put("timeoutPolicy", timeout);
    }
    Map<String, Object> retry = retryPolicy(service.getRetries());
    if (retry != null) {
      route.put("retryPolicy", retry);
    }
    route.put("services", services);
    return route;
  }

  /**
   * Istio's {@code attempts} as Contour's {@code count}: 0 (no retries in Istio) is -1 in Contour,
   * whose 0 means Envoy's default of one retry; unset is that default, written out as 1, since the
   * API server defaults the field to 1 and the routes are compared whole.
   */
  private static int count(Integer attempts) {
    if (attempts == null) {
      return 1;
    }
    return attempts == 0 ? -1 : attempts;
  }

  /**
   * Istio's retries as Contour's: {@code attempts} is the count, {@code perTryTimeout} carries
   * over, and {@code retryOn}'s conditions become Contour's list, its status codes {@code
   * retriableStatusCodes} (with {@code retriable-status-codes}, as Istio adds it).
   */
  static Map<String, Object> retryPolicy(HttpRetry retries) {
    if (retries == null) {
      return null;
    }
    Map<String, Object> retry = new LinkedHashMap<>();
    retry.put("count", count(retries.getAttempts()));
    if (retries.getPerTryTimeout() != null && !retries.getPerTryTimeout().isBlank()) {
      retry.put("perTryTimeout", retries.getPerTryTimeout());
    }
    RetryOn on = RetryOn.parse(retries.getRetryOn());
    if (!on.conditions().isEmpty()) {
      retry.put("retryOn", on.conditions());
    }
    if (!on.statusCodes().isEmpty()) {
      retry.put("retriableStatusCodes", on.statusCodes());
    }
    return retry;
  }
}

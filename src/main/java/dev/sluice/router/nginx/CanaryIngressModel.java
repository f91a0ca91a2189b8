package dev.sluice.router.nginx;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desired {@code <ingress>-canary} Ingress of a canary on NGINX, as Flagger 1.44 writes it: a
 * copy of the user's Ingress ({@code spec.ingressRef}) whose backends point at {@code
 * <apex>-canary}, owned by the Canary, marked as an ingress-nginx canary whose annotations carry
 * the traffic split. The user's Ingress itself is never written.
 *
 * <p>Pure: builds objects, never talks to the API server. Structure (rules, TLS, class, the user's
 * labels and annotations) comes from the user's Ingress; traffic from a {@link Routes}, so that a
 * structural reconcile can keep the live split with {@link #desiredKeepingWeights}.
 */
public final class CanaryIngressModel {

  static final String PREFIX = "nginx.ingress.kubernetes.io/";
  static final String CANARY = PREFIX + "canary";
  static final String WEIGHT = PREFIX + "canary-weight";
  static final String BY_HEADER = PREFIX + "canary-by-header";
  static final String BY_HEADER_VALUE = PREFIX + "canary-by-header-value";
  static final String BY_HEADER_PATTERN = PREFIX + "canary-by-header-pattern";
  static final String BY_COOKIE = PREFIX + "canary-by-cookie";

  /** kubectl's copy of the user's manifest would make the canary Ingress look user-applied. */
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private CanaryIngressModel() {}

  /** {@code <ingressRef>-canary}. */
  public static String name(Canary canary) {
    return canary.getSpec().getIngressRef().getName() + "-canary";
  }

  /**
   * The canary Ingress for {@code canary}, copied from the user's Ingress {@code user}, with the
   * traffic split of {@code routes}.
   *
   * <ul>
   *   <li>spec: the user's, every backend Service named {@code <apex>} renamed {@code
   *       <apex>-canary} (Flagger renames the rules' path backends; the default backend is renamed
   *       too, so that no canary traffic can reach the apex through it).
   *   <li>labels: the user's; annotations: the user's, without any {@code
   *       nginx.ingress.kubernetes.io/canary*} one and without kubectl's last-applied copy.
   *   <li>{@code canary: "true"} always. Weighted and blue/green: {@code canary-weight} is the
   *       canary weight. A/B ({@code analysis.match} set) with a canary weight above 0: the header
   *       or cookie conditions instead, no weight; at weight 0 (between runs), {@code
   *       canary-weight: "0"} only, so no request reaches the canary.
   * </ul>
   *
   * @throws IllegalArgumentException if no backend of the user's Ingress is the apex Service (as
   *     Flagger, which then has nothing to route), or the weights are not a split of 100
   */
  public static Ingress desired(Canary canary, Ingress user, Routes routes) {
    routes.requireValid();
    String apex = canary.apexName();
    IngressSpec spec = new IngressSpecBuilder(user.getSpec()).build();
    if (!renameBackends(spec, apex, apex + "-canary")) {
      throw new IllegalArgumentException(
          "backend " + apex + " not found in Ingress " + user.getMetadata().getName());
    }
    return new IngressBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(name(canary))
                .withNamespace(canary.getMetadata().getNamespace())
                .withLabels(copyOrNull(user.getMetadata().getLabels()))
                .withAnnotations(annotations(canary, user.getMetadata().getAnnotations(), routes))
                .withOwnerReferences(canary.ownerReference())
                .build())
        .withSpec(spec)
        .build();
  }

  /**
   * The canary Ingress with the traffic split that {@code live} carries: what a structural
   * reconcile writes, so that a change of the user's Ingress never moves traffic. With no {@code
   * live} object, or one that is no canary Ingress, all traffic goes to primary.
   */
  public static Ingress desiredKeepingWeights(Canary canary, Ingress user, Ingress live) {
    Routes kept =
        live == null
            ? Routes.allToPrimary()
            : CanaryIngressWeights.read(canary, live).orElse(Routes.allToPrimary());
    return desired(canary, user, kept);
  }

  /** The annotations of the canary Ingress: the user's, with the split of {@code routes}. */
  static Map<String, String> annotations(Canary canary, Map<String, String> user, Routes routes) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (user != null) {
      user.forEach(
          (key, value) -> {
            if (!key.startsWith(CANARY) && !key.equals(LAST_APPLIED)) {
              annotations.put(key, value);
            }
          });
    }
    annotations.put(CANARY, "true");
    if (isAbTest(canary) && routes.canaryWeight() > 0) {
      annotations.putAll(matchAnnotations(canary.getSpec().getAnalysis()));
    } else {
      annotations.put(WEIGHT, Integer.toString(routes.canaryWeight()));
    }
    return annotations;
  }

  static boolean isAbTest(Canary canary) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    return analysis != null && analysis.getMatch() != null && !analysis.getMatch().isEmpty();
  }

  /**
   * Flagger's mapping of A/B conditions onto ingress-nginx, which routes by one header and one
   * cookie: a {@code cookie} header's exact value names the cookie ({@code canary-by-cookie}); any
   * other header gives {@code canary-by-header} with its exact value ({@code
   * canary-by-header-value}) or regex ({@code canary-by-header-pattern}). CanaryValidator refuses
   * what this cannot express (several conditions, prefix or suffix, query parameters), which
   * Flagger would drop silently.
   */
  private static Map<String, String> matchAnnotations(CanaryAnalysis analysis) {
    String cookie = null;
    String header = null;
    String value = null;
    String pattern = null;
    for (AbMatch match : analysis.getMatch()) {
      if (match.getHeaders() == null) {
        continue;
      }
      for (Map.Entry<String, HeaderStringMatch> entry : match.getHeaders().entrySet()) {
        HeaderStringMatch condition = entry.getValue();
        if ("cookie".equals(entry.getKey())) {
          cookie = condition.getExact();
        } else {
          header = entry.getKey();
          value = condition.getExact();
          pattern = condition.getRegex();
        }
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    putIfSet(annotations, BY_COOKIE, cookie);
    putIfSet(annotations, BY_HEADER, header);
    putIfSet(annotations, BY_HEADER_VALUE, value);
    putIfSet(annotations, BY_HEADER_PATTERN, pattern);
    return annotations;
  }

  private static void putIfSet(Map<String, String> annotations, String key, String value) {
    if (value != null && !value.isEmpty()) {
      annotations.put(key, value);
    }
  }

  /** Renames the backends named {@code from}; whether there was one. */
  private static boolean renameBackends(IngressSpec spec, String from, String to) {
    boolean found = rename(spec.getDefaultBackend(), from, to);
    if (spec.getRules() != null) {
      for (IngressRule rule : spec.getRules()) {
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
          continue;
        }
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          found |= rename(path.getBackend(), from, to);
        }
      }
    }
    return found;
  }

  private static boolean rename(IngressBackend backend, String from, String to) {
    if (backend == null || backend.getService() == null) {
      return false;
    }
    if (!from.equals(backend.getService().getName())) {
      return false;
    }
    backend.getService().setName(to);
    return true;
  }

  private static Map<String, String> copyOrNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }
}

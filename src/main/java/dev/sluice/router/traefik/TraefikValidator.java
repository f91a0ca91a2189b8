package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Canary asks of provider {@code traefik} that its TraefikService cannot do. A weighted
 * TraefikService only splits requests by weight; everything else about routing lives in the user's
 * IngressRoute, which Sluice does not write. Flagger accepts these fields and ignores them, so a
 * run would test something other than what the Canary says; Sluice refuses them instead.
 */
public final class TraefikValidator {

  private TraefikValidator() {}

  /**
   * The problems of {@code spec} for {@code provider}, each naming the field; empty for any other
   * provider, or when the Canary asks nothing the TraefikService cannot do.
   */
  public static List<String> problems(String provider, CanarySpec spec) {
    if (!TraefikRouter.PROVIDER.equals(provider)) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    CanaryAnalysis analysis = spec.getAnalysis();
    if (analysis != null) {
      if (analysis.getMatch() != null && !analysis.getMatch().isEmpty()) {
        problems.add(
            "provider traefik cannot route by request match (A/B testing): a TraefikService"
                + " splits by weight only; remove analysis.match");
      }
      if (Boolean.TRUE.equals(analysis.getMirror())) {
        problems.add(
            "provider traefik cannot mirror traffic with a weighted TraefikService: unset"
                + " analysis.mirror");
      }
      if (analysis.getSessionAffinity() != null) {
        problems.add(
            "provider traefik cannot keep canary users on the canary: unset"
                + " analysis.sessionAffinity");
      }
    }
    if (spec.getService() != null) {
      routingFieldsSet(spec.getService())
          .forEach(
              field ->
                  problems.add(
                      "provider traefik cannot apply spec.service."
                          + field
                          + ": the TraefikService only splits traffic; set it on your"
                          + " IngressRoute"));
    }
    return problems;
  }

  /** The routing fields of {@code service} that are set: Istio and Gateway API carry them. */
  private static List<String> routingFieldsSet(CanaryService service) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("hosts", service.getHosts());
    fields.put("gateways", service.getGateways());
    fields.put("gatewayRefs", service.getGatewayRefs());
    fields.put("match", service.getMatch());
    fields.put("retries", service.getRetries());
    fields.put("timeout", service.getTimeout());
    fields.put("headers", service.getHeaders());
    fields.put("rewrite", service.getRewrite());
    fields.put("mirror", service.getMirror());
    fields.put("corsPolicy", service.getCorsPolicy());
    fields.put("trafficPolicy", service.getTrafficPolicy());
    List<String> set = new ArrayList<>();
    fields.forEach(
        (name, value) -> {
          boolean empty =
              value == null
                  || (value instanceof List<?> list && list.isEmpty())
                  || (value instanceof String s && s.isBlank());
          if (!empty) {
            set.add(name);
          }
        });
    return set;
  }
}

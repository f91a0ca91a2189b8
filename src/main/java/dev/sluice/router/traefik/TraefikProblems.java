package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Canary asks of provider {@code traefik} that its TraefikService cannot do. A weighted
 * TraefikService only splits requests by weight; everything else about routing lives in the user's
 * IngressRoute, which Sluice does not write. What would change which requests reach the canary
 * (request matches, mirroring, session affinity) is refused, where Flagger accepts and ignores it,
 * so that a run never tests something other than what the Canary says. Route settings only the
 * IngressRoute can apply (hosts, timeouts, retries, headers, ...) are ignored, as by Flagger and by
 * Sluice's other single-purpose routers (nginx, SMI), so that Flagger Canaries carrying them work.
 */
public final class TraefikProblems {

  private TraefikProblems() {}

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
    var service = spec.getService();
    if (service != null && service.getMatch() != null && !service.getMatch().isEmpty()) {
      // the split would apply to every request the IngressRoute sends, not to the matched ones
      problems.add(
          "provider traefik cannot apply spec.service.match: the TraefikService splits every"
              + " request it gets; match requests on your IngressRoute");
    }
    return problems;
  }
}

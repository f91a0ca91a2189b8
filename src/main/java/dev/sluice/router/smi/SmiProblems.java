package dev.sluice.router.smi;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.SmiProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What a canary asks of a TrafficSplit that it cannot do. A TrafficSplit only weighs one root
 * Service between backends: Flagger's SMI routers silently drop request matches, mirroring and
 * session affinity, so the run would test something other than what the user wrote. Each is a
 * validation error naming the field.
 */
public final class SmiProblems {

  private SmiProblems() {}

  /** The problems of {@code spec} for {@code provider}; empty for providers that are not SMI. */
  public static List<String> problems(String provider, CanarySpec spec) {
    if (SmiProvider.parse(provider).isEmpty()) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    String prefix = "provider " + provider + " (SMI TrafficSplit) ";
    CanaryService service = spec.getService();
    if (service != null && service.getMatch() != null && !service.getMatch().isEmpty()) {
      problems.add(prefix + "cannot restrict the split to requests: remove service.match");
    }
    if (service != null && service.getHosts() != null && service.getHosts().size() > 1) {
      problems.add(
          prefix
              + "splits one root service, service.hosts lists "
              + service.getHosts().size()
              + ": keep one");
    }
    CanaryAnalysis analysis = spec.getAnalysis();
    if (analysis == null) {
      return problems;
    }
    if (analysis.getMatch() != null && !analysis.getMatch().isEmpty()) {
      problems.add(
          prefix
              + "cannot route by request match: remove analysis.match (for A/B testing use"
              + " provider nginx, or gatewayapi:v1beta1 on Linkerd 2.14 and later)");
    }
    if (Boolean.TRUE.equals(analysis.getMirror())) {
      problems.add(prefix + "cannot mirror traffic: unset analysis.mirror");
    }
    if (analysis.getSessionAffinity() != null) {
      problems.add(prefix + "has no session affinity: remove analysis.sessionAffinity");
    }
    return problems;
  }
}

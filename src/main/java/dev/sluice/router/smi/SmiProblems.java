package dev.sluice.router.smi;

import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a canary asks of a TrafficSplit that it cannot do, beyond what its capabilities already
 * refuse (request matches, mirroring, session affinity; see {@link SmiMeshProvider}). A
 * TrafficSplit only weighs one root Service between backends: Flagger's SMI routers silently drop
 * what else the Canary says, so the run would test something other than what the user wrote. Each
 * is a validation error naming the field.
 */
public final class SmiProblems {

  private SmiProblems() {}

  /** The problems of {@code spec} for SMI {@code provider}, each naming the field. */
  public static List<String> problems(String provider, CanarySpec spec) {
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
    return problems;
  }
}

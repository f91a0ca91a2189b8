package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.CanarySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Canary asks of provider {@code traefik} that its TraefikService cannot do, beyond what its
 * capabilities already refuse (request matches, mirroring, session affinity; see {@link
 * TraefikMeshProvider}). A weighted TraefikService only splits requests by weight; everything else
 * about routing lives in the user's IngressRoute, which Sluice does not write. A service match
 * would change which requests reach the canary, so it is refused where Flagger accepts and ignores
 * it. Route settings only the IngressRoute can apply (hosts, timeouts, retries, headers, ...) are
 * ignored, as by Flagger and by Sluice's other single-purpose routers (nginx, SMI), so that Flagger
 * Canaries carrying them work.
 */
public final class TraefikProblems {

  private TraefikProblems() {}

  /** The problems of {@code spec}, each naming the field; empty when there are none. */
  public static List<String> problems(CanarySpec spec) {
    List<String> problems = new ArrayList<>();
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

package dev.sluice.router.nginx;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;

/** Reads the traffic state of a canary back from its live canary Ingress. */
public final class CanaryIngressWeights {

  private CanaryIngressWeights() {}

  /**
   * The split that {@code ingress}'s annotations carry, as found, as Flagger reads it: for an A/B
   * canary, a {@code canary-by-header} or {@code canary-by-cookie} annotation means the matched
   * traffic is on the canary (canary weight 100); otherwise {@code canary-weight} is the canary
   * weight, a missing one counting as 0.
   *
   * @return empty when the Ingress is not marked as an ingress-nginx canary, or its weight is not a
   *     number in 0..100: it is not (or no longer) a split that Sluice manages
   */
  public static Optional<Routes> read(Canary canary, Ingress ingress) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(CanaryIngressModel.CANARY)) {
      return Optional.empty();
    }
    if (CanaryIngressModel.isAbTest(canary)
        && (annotations.containsKey(CanaryIngressModel.BY_HEADER)
            || annotations.containsKey(CanaryIngressModel.BY_COOKIE))) {
      return Optional.of(Routes.weighted(100));
    }
    String weight = annotations.get(CanaryIngressModel.WEIGHT);
    if (weight == null) {
      return Optional.of(Routes.allToPrimary());
    }
    try {
      int canaryWeight = Integer.parseInt(weight.trim());
      return canaryWeight < 0 || canaryWeight > 100
          ? Optional.empty()
          : Optional.of(Routes.weighted(canaryWeight));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

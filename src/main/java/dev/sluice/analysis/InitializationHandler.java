package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;

/**
 * {@code Initializing -> Initialized}: the primary (created by the bootstrap before this runs)
 * takes the traffic once it is ready, and only then is the target scaled to zero, so the app never
 * runs with no ready replicas.
 */
final class InitializationHandler {
  private InitializationHandler() {}

  static void handle(Draft d) {
    if (d.status.getPhase() == null) {
      d.status.setPhase(CanaryPhase.Initializing);
      d.normal("Initializing", "Initializing " + d.target() + ": creating " + d.primary());
    }
    if (!d.seen.primary().isReady()) {
      d.waitFor("Waiting for primary " + d.primary() + ": " + d.seen.primary().message());
      return;
    }
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.act(new Action.ScaleCanary(0));
    d.resetRun();
    d.status.setLastPromotedSpec(d.seen.targetRevision());
    d.status.setPhase(CanaryPhase.Initialized);
    d.normal("Initialized", "Initialization done! " + d.target());
  }
}

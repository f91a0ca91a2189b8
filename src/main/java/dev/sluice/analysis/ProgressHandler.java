package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.router.Routes;
import dev.sluice.workload.Readiness;
import java.util.Objects;

/**
 * {@code Progressing}: one step per tick. A step waits for both workloads to be ready, counts a
 * failed check or advances (weight, or iteration), and hands over to promotion at the top.
 */
final class ProgressHandler {
  private ProgressHandler() {}

  static void handle(Draft d) {
    if (!Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())) {
      restart(d);
      return;
    }
    Readiness canary = d.seen.canary();
    if (!canary.isReady()) {
      if (canary.isFailed() || d.sinceLastTransition().compareTo(d.progressDeadline) > 0) {
        rollback(
            d,
            canary.isFailed()
                ? "Canary " + d.target() + " failed: " + canary.message()
                : "Canary "
                    + d.target()
                    + " not ready within "
                    + d.progressDeadline.toSeconds()
                    + "s: "
                    + canary.message());
      } else {
        d.waitFor("Waiting for canary " + d.target() + ": " + canary.message());
      }
      return;
    }
    if (!d.seen.primary().isReady()) {
      d.waitFor("Waiting for primary " + d.primary() + ": " + d.seen.primary().message());
      return;
    }
    d.recordMetrics();
    if (!d.seen.checks().failed().isEmpty()) {
      failCheck(d);
      return;
    }
    if (!d.seen.checks().held().isEmpty()) {
      d.waitFor("Holding " + d.target() + ": " + String.join("; ", d.seen.checks().held()));
      return;
    }
    Strategy strategy = Strategy.of(d.spec);
    if (strategy == Strategy.CANARY) {
      advanceWeight(d);
    } else {
      advanceIteration(d, strategy);
    }
  }

  /**
   * Whether this tick's observations should include checks: a run is under way at the target's
   * revision, both workloads serve, and the canary gets traffic (a weighted canary at weight 0 has
   * none, so its metrics would only say "no values found").
   */
  static boolean checksDue(Draft d) {
    CanaryPhase phase = d.phase();
    return phase == CanaryPhase.Progressing
        && Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())
        && d.seen.canary().isReady()
        && d.seen.primary().isReady()
        && (Strategy.of(d.spec) != Strategy.CANARY || d.weight() > 0);
  }

  private static void restart(Draft d) {
    d.resetRun();
    d.status.setPhase(CanaryPhase.Progressing);
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.normal("NewRevision", "New revision detected! Restarting analysis for " + d.target());
  }

  private static void failCheck(Draft d) {
    int failed = d.failedChecks() + 1;
    d.status.setFailedChecks(failed);
    String reasons = String.join("; ", d.seen.checks().failed());
    int threshold = threshold(d);
    if (failed >= threshold) {
      rollback(d, "Failed checks threshold reached " + failed + "/" + threshold + ": " + reasons);
    } else {
      d.warning(
          "Halted",
          "Halt "
              + d.target()
              + " advancement ("
              + failed
              + "/"
              + threshold
              + " failed checks): "
              + reasons);
    }
  }

  private static int threshold(Draft d) {
    Integer threshold = d.analysis.getThreshold();
    return threshold == null || threshold < 1 ? 1 : threshold;
  }

  private static void advanceWeight(Draft d) {
    int current = d.weight();
    int next = WeightStepper.next(d.analysis, current);
    if (next > current) {
      d.status.setCanaryWeight(next);
      d.act(new Action.SetRoutes(Routes.weighted(next)));
      d.normal("Advanced", "Advance " + d.target() + " canary weight " + next);
      return;
    }
    PromotionHandler.start(d);
  }

  private static void advanceIteration(Draft d, Strategy strategy) {
    int target = d.analysis.getIterations();
    if (d.iterations() < target) {
      d.act(new Action.SetRoutes(runRoutes(d, strategy)));
      int next = d.iterations() + 1;
      d.status.setIterations(next);
      d.normal("Advanced", "Advance " + d.target() + " canary iteration " + next + "/" + target);
      return;
    }
    if (strategy == Strategy.BLUE_GREEN) {
      d.act(new Action.SetRoutes(new Routes(0, 100, false)));
      d.status.setCanaryWeight(100);
      d.normal("Switched", "Routing all traffic to canary " + d.target());
    }
    PromotionHandler.start(d);
  }

  /**
   * The routes a blue/green or A/B run holds while it checks: A/B sends the matching requests to
   * the canary; blue/green keeps live traffic on the primary, mirrored to the canary if asked.
   */
  private static Routes runRoutes(Draft d, Strategy strategy) {
    if (strategy == Strategy.AB_TESTING) {
      return new Routes(0, 100, false);
    }
    return new Routes(100, 0, Boolean.TRUE.equals(d.analysis.getMirror()));
  }

  /** Ends a run in Failed: all traffic back to the primary, the canary scaled to zero. */
  static void rollback(Draft d, String reason) {
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.act(new Action.ScaleCanary(0));
    d.status.setCanaryWeight(0);
    d.status.setPhase(CanaryPhase.Failed);
    d.warning("RolledBack", reason + ". Canary failed! Scaling down " + d.target());
  }
}

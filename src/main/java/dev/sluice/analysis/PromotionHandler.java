package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.Readiness;
import java.util.Objects;

/**
 * {@code Promoting -> Finalising -> Succeeded}: the primary gets the analysed pod template, and
 * traffic moves back to it only once it has rolled out; then the canary is parked at zero. A
 * primary that does not roll out within the progress deadline ends the run in {@code Failed}.
 */
final class PromotionHandler {
  private PromotionHandler() {}

  /**
   * Enters Promoting: the decision that the primary runs the analysed revision. The copy follows
   * the status that records it, and every tick in Promoting repeats it until the primary runs it,
   * so a write that fails leaves the primary as status says, and a tick cut off after the write
   * leaves the copy to the next.
   */
  static void start(Draft d) {
    d.changeProduction();
    d.status.setPhase(CanaryPhase.Promoting);
    d.status.setLastPromotedSpec(d.status.getLastAppliedSpec());
    d.act(new Action.PromoteToPrimary());
    d.event(
        EventNote.normal("Promoting", "Copying " + d.target() + " template spec to " + d.primary())
            .alert(Severity.INFO));
  }

  static void handle(Draft d) {
    if (d.phase() != CanaryPhase.Finalising
        && !Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())) {
      restart(d);
      return;
    }
    switch (d.phase()) {
      case Promoting -> promote(d);
      case Finalising -> finalise(d);
      default -> throw new IllegalStateException("not a promotion phase: " + d.phase());
    }
  }

  /**
   * The target moved on during the copy (Promoting): never copy an unanalysed revision, since
   * PromoteToPrimary copies whatever the target holds now; the primary keeps (or finishes with) the
   * analysed one and the new revision gets a run of its own. When the analysed revision never
   * reached the primary, it never will: lastPromotedSpec goes back to what the primary runs.
   */
  private static void restart(Draft d) {
    if (!copied(d)) {
      // the copy never happened: the primary still runs what it ran, and status says so again
      d.status.setLastPromotedSpec(d.seen.primaryRevision());
    }
    d.resetRun();
    d.status.setPhase(CanaryPhase.Progressing);
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.normal(
        "NewRevision",
        "New revision detected during promotion! Restarting analysis for " + d.target());
  }

  private static void promote(Draft d) {
    Readiness primary = d.seen.primary();
    if (!copied(d)) {
      d.act(new Action.PromoteToPrimary());
      d.waitFor(
          "Waiting for primary " + d.primary() + " to get the promoted template of " + d.target());
      return;
    }
    if (!primary.isReady()) {
      if (primary.isFailed() || d.sinceLastTransition().compareTo(d.progressDeadline) > 0) {
        giveUp(d, primary);
      } else {
        d.waitFor("Waiting for primary " + d.primary() + " to roll out: " + primary.message());
      }
      return;
    }
    int next = WeightStepper.promotionStep(d.analysis, d.weight());
    d.status.setCanaryWeight(next);
    if (next > 0) {
      d.act(new Action.SetRoutes(Routes.weighted(next)));
      d.normal("Advanced", "Advance " + d.primary() + " primary weight " + (100 - next));
      return;
    }
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.status.setPhase(CanaryPhase.Finalising);
    d.normal("Finalising", "Routing all traffic to primary " + d.primary());
  }

  /**
   * The primary did not roll out the promoted template within the progress deadline, or its
   * Deployment gave up: as for a canary that never became ready, traffic goes back to the primary
   * and the run ends in Failed. The primary's Deployment already holds the promoted template (no
   * copy of the previous one is kept), so status and the alert say so rather than promise the
   * previous revision: what serves is whatever its stuck rollout left available.
   */
  private static void giveUp(Draft d, Readiness primary) {
    String why =
        primary.isFailed()
            ? "failed: " + primary.message()
            : "not ready within " + d.progressDeadline.toSeconds() + "s: " + primary.message();
    ProgressHandler.rollback(
        d,
        "Promotion of "
            + d.target()
            + " failed: primary "
            + d.primary()
            + " "
            + why
            + " (its Deployment holds the promoted template)");
    d.explain(
        "Promotion failed: primary "
            + d.primary()
            + " "
            + why
            + ". Traffic is back on the primary, whose Deployment holds the promoted template: fix"
            + " what keeps it from rolling out, or revert "
            + d.target()
            + " and send the promote request for it.");
  }

  /**
   * Whether the primary runs the revision status says was promoted. Unknown (no primary seen)
   * counts as copied: then there is nothing to copy to.
   */
  private static boolean copied(Draft d) {
    String running = d.seen.primaryRevision();
    return running == null || running.equals(d.status.getLastPromotedSpec());
  }

  private static void finalise(Draft d) {
    // scaling down and the post-rollout hooks follow the status that ends the run
    d.changeProduction();
    d.status.setPostRolloutPending(true);
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.act(new Action.ScaleCanary(0));
    d.status.setCanaryWeight(0);
    d.act(new Action.CallPostRolloutHooks(CanaryPhase.Succeeded));
    d.status.setPhase(CanaryPhase.Succeeded);
    d.endRun();
    d.event(
        EventNote.normal("Succeeded", "Promotion completed! Scaling down " + d.target())
            .alert(Severity.INFO));
  }
}

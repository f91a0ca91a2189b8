package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.Readiness;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Progressing | WaitingPromotion}: one step per tick. A step waits for both workloads to be
 * ready; the first step runs the {@code pre-rollout} hooks, later ones the checks; a failure
 * counts, otherwise the run advances (weight after {@code confirm-traffic-increase}, or iteration)
 * and at the top waits in {@code WaitingPromotion} for {@code confirm-promotion}, checks still
 * running.
 */
final class ProgressHandler {
  private ProgressHandler() {}

  static void handle(Draft d) {
    if (!Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())) {
      if (leftByFlagger(d)) {
        takeOver(d);
      } else {
        restart(d);
      }
      return;
    }
    if (d.paused()) {
      d.waitFor(
          "Paused by request at " + d.target() + " weight " + d.weight() + "; resume to go on");
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
    if (!stepPasses(d)) {
      return;
    }
    Strategy strategy = Strategy.of(d.spec);
    if (strategy == Strategy.CANARY) {
      advanceWeight(d);
    } else {
      advanceIteration(d, strategy);
    }
  }

  /** Whether a step is taken this tick: the run is at the target's revision, unpaused and ready. */
  static boolean stepDue(Draft d) {
    CanaryPhase phase = d.phase();
    return (phase == CanaryPhase.Progressing || phase == CanaryPhase.WaitingPromotion)
        && Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())
        && !d.paused()
        && d.seen.canary().isReady()
        && d.seen.primary().isReady();
  }

  /** The first step of a run: no traffic has reached the canary yet; pre-rollout hooks run. */
  static boolean firstStep(Draft d) {
    return d.weight() == 0 && d.iterations() == 0;
  }

  /**
   * Whether this tick's observations should include checks (metrics and rollout hooks): a step is
   * due after the first one (before it the canary has had no traffic, so metrics would only say "no
   * values found") and no one asked to skip the analysis.
   */
  static boolean checksDue(Draft d) {
    return stepDue(d) && !firstStep(d) && !d.skippingAnalysis();
  }

  /** Whether the step would move traffic up, and so must ask {@code confirm-traffic-increase}. */
  static boolean increasesTraffic(Draft d) {
    return Strategy.of(d.spec) == Strategy.CANARY
        && WeightStepper.next(d.analysis, d.weight()) > d.weight();
  }

  /** Whether the run is at its top, where the next step is promotion. */
  static boolean atTop(Draft d) {
    return Strategy.of(d.spec) == Strategy.CANARY
        ? WeightStepper.next(d.analysis, d.weight()) <= d.weight()
        : d.iterations() >= d.analysis.getIterations();
  }

  /** Judges the step: pre-rollout hooks at the first, checks at the others. */
  private static boolean stepPasses(Draft d) {
    if (d.skippingAnalysis()) {
      return true;
    }
    if (firstStep(d)) {
      HookOutcomes hooks = d.seen.hooks();
      if (!hooks.failed(HookType.PRE_ROLLOUT).isEmpty()) {
        failCheck(
            d,
            Checks.none()
                .withFailures(
                    hooks.failed(HookType.PRE_ROLLOUT).stream()
                        .filter(o -> !o.muteAlert())
                        .map(o -> "pre-rollout " + o.reason())
                        .toList(),
                    hooks.failed(HookType.PRE_ROLLOUT).stream()
                        .filter(HookOutcomes.Outcome::muteAlert)
                        .map(o -> "pre-rollout " + o.reason())
                        .toList()));
        return false;
      }
      d.normal("Started", "Starting canary analysis for " + d.target());
      JudgeStep.start(d);
      return true;
    }
    d.recordMetrics();
    Optional<String> judged = JudgeStep.observe(d);
    if (judged.isPresent()) {
      // the judge's evidence is enough on its own: no threshold of failed checks to wait for
      rollback(d, judged.get(), d.seen.checks());
      return false;
    }
    Checks checks = d.seen.checks();
    if (!checks.failed().isEmpty()) {
      failCheck(d, checks);
      return false;
    }
    if (!checks.held().isEmpty()) {
      d.waitFor("Holding " + d.target() + ": " + String.join("; ", checks.held()));
      return false;
    }
    return true;
  }

  /**
   * A run Flagger was carrying out when it stopped: its hash of the revision under test cannot be
   * recomputed, and the target still differs from what the primary runs. Flagger would go on from
   * the weight it left (its scheduler reads it back from the router); so does Sluice.
   */
  private static boolean leftByFlagger(Draft d) {
    return IdleHandler.fromFlagger(d.status.getLastAppliedSpec())
        && !Objects.equals(d.seen.targetRevision(), d.seen.primaryRevision());
  }

  /** Names the revision as Sluice does; weight, iterations and checks go on as recorded. */
  private static void takeOver(Draft d) {
    d.status.setLastAppliedSpec(d.seen.targetRevision());
    d.status.setTrackedConfigs(d.seen.trackedConfigs());
    d.normal(
        "TakenOver",
        "Run of "
            + d.target()
            + " taken over from Flagger at canary weight "
            + d.weight()
            + ", iteration "
            + d.iterations()
            + "; it goes on from there");
  }

  private static void restart(Draft d) {
    d.resetRun();
    d.status.setPhase(CanaryPhase.Progressing);
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.normal("NewRevision", "New revision detected! Restarting analysis for " + d.target());
  }

  private static void failCheck(Draft d, Checks checks) {
    int failed = d.failedChecks() + 1;
    d.status.setFailedChecks(failed);
    String reasons = String.join("; ", checks.failed());
    int threshold = threshold(d);
    if (failed >= threshold) {
      rollback(
          d,
          "Failed checks threshold reached " + failed + "/" + threshold + ": " + reasons,
          checks);
    } else {
      EventNote halted =
          EventNote.warning(
                  "Halted",
                  "Halt "
                      + d.target()
                      + " advancement ("
                      + failed
                      + "/"
                      + threshold
                      + " failed checks): "
                      + reasons)
              .withDetails(checks.failingMetrics());
      d.event(checks.alertOnFailure() ? halted.alert(Severity.WARN) : halted);
      d.explain(halted.message());
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
      if (!GateHandler.trafficIncreaseConfirmed(d)) {
        return;
      }
      d.status.setCanaryWeight(next);
      d.act(new Action.SetRoutes(Routes.weighted(next)));
      d.event(
          EventNote.normal(
                  "Advanced",
                  "Advance "
                      + d.target()
                      + " canary weight "
                      + next
                      + JudgeStep.summary(d).map(s -> " (" + s + ")").orElse(""))
              .alert(Severity.INFO));
      return;
    }
    promoteWhenConfirmed(d);
  }

  private static void advanceIteration(Draft d, Strategy strategy) {
    int target = d.analysis.getIterations();
    if (d.iterations() < target) {
      d.act(new Action.SetRoutes(runRoutes(d, strategy)));
      int next = d.iterations() + 1;
      d.status.setIterations(next);
      d.event(
          EventNote.normal(
                  "Advanced", "Advance " + d.target() + " canary iteration " + next + "/" + target)
              .alert(Severity.INFO));
      return;
    }
    if (!GateHandler.promotionConfirmed(d)) {
      return;
    }
    if (strategy == Strategy.BLUE_GREEN) {
      // all traffic to the new version is the first act of its promotion
      d.changeProduction();
      d.act(new Action.SetRoutes(new Routes(0, 100, false)));
      d.status.setCanaryWeight(100);
      d.normal("Switched", "Routing all traffic to canary " + d.target());
    }
    PromotionHandler.start(d);
  }

  private static void promoteWhenConfirmed(Draft d) {
    if (GateHandler.promotionConfirmed(d)) {
      PromotionHandler.start(d);
    }
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

  /**
   * Ends a run in Failed: all traffic back to the primary, the canary scaled to zero, the
   * post-rollout hooks called; all three after the status that records it, which says they are
   * pending until they are done ({@link IdleHandler} finishes them if a tick did not).
   */
  static void rollback(Draft d, String reason) {
    rollback(d, reason, Checks.none());
  }

  private static void rollback(Draft d, String reason, Checks checks) {
    d.changeProduction();
    d.status.setPostRolloutPending(true);
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.act(new Action.ScaleCanary(0));
    d.act(new Action.CallPostRolloutHooks(CanaryPhase.Failed));
    d.status.setCanaryWeight(0);
    // Flagger's rollback writes phase Failed and weight 0 and resets the count with them; why the
    // run failed stays in the Ready condition and the RolledBack event
    d.status.setFailedChecks(0);
    d.status.setPhase(CanaryPhase.Failed);
    d.endRun();
    d.explain("Canary analysis failed: " + reason + "; primary serves the last promoted revision.");
    d.event(
        EventNote.warning("RolledBack", reason + ". Canary failed! Scaling down " + d.target())
            .alert(Severity.ERROR)
            .withDetails(checks.failingMetrics()));
  }
}

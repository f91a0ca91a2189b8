package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code Initialized | Succeeded | Failed | Waiting}: waits for a new revision of the target, then
 * for its {@code confirm-rollout} gates (in {@code Waiting}, the canary still parked at zero). A
 * revert to the revision the primary already runs starts no run.
 */
final class IdleHandler {
  /** Phases without a run, where a new revision may start one. */
  static final Set<CanaryPhase> IDLE =
      EnumSet.of(
          CanaryPhase.Initialized, CanaryPhase.Succeeded, CanaryPhase.Failed, CanaryPhase.Waiting);

  private IdleHandler() {}

  static void handle(Draft d) {
    if (Boolean.TRUE.equals(d.status.getPostRolloutPending())) {
      finishEndedRun(d);
      return;
    }
    String revision = d.seen.targetRevision();
    boolean waiting = d.phase() == CanaryPhase.Waiting;
    if (!waiting && Objects.equals(revision, d.status.getLastAppliedSpec())) {
      return;
    }
    if (Objects.equals(revision, d.status.getLastPromotedSpec())) {
      d.status.setLastAppliedSpec(revision);
      d.status.setTrackedConfigs(d.seen.trackedConfigs());
      d.act(new Action.ScaleCanary(0));
      if (waiting) {
        // the revision that waited is gone; the primary serves what it served before
        d.endRun();
        d.status.setPhase(CanaryPhase.Succeeded);
      }
      d.normal("Reverted", d.target() + " is back at the promoted revision; no analysis needed");
      return;
    }
    if (!waiting
        && fromFlagger(d.status.getLastAppliedSpec())
        && Objects.equals(revision, d.seen.primaryRevision())) {
      // Flagger's hash of a Go struct cannot be recomputed; the primary running the target's
      // template is what says Flagger promoted this revision, so it is taken over as promoted
      d.status.setLastAppliedSpec(revision);
      d.status.setLastPromotedSpec(revision);
      d.status.setTrackedConfigs(d.seen.trackedConfigs());
      d.normal(
          "TakenOver", d.target() + " runs on the primary as Flagger promoted it; no analysis");
      return;
    }
    if (!Objects.equals(revision, d.status.getLastAppliedSpec())) {
      d.resetRun();
    }
    if (d.paused()) {
      d.waitFor("Paused by request before " + d.target() + " starts; resume to go on");
      return;
    }
    if (!GateHandler.rolloutConfirmed(d)) {
      return;
    }
    if (Boolean.TRUE.equals(d.spec.getSkipAnalysis())) {
      d.event(
          EventNote.normal(
                  "AnalysisSkipped", "New revision detected, skipping analysis of " + d.target())
              .alert(Severity.INFO));
      PromotionHandler.start(d);
      return;
    }
    d.act(new Action.ScaleCanary(Math.max(1, d.seen.primaryReplicas())));
    d.status.setPhase(CanaryPhase.Progressing);
    d.event(
        EventNote.normal("NewRevision", "New revision detected! Scaling up " + d.target())
            .alert(Severity.INFO)
            .withDetails(runFacts(d)));
  }

  /**
   * A lastAppliedSpec Flagger wrote: its ComputeHash encodes a 32-bit FNV hash with the alphabet of
   * Kubernetes' rand.SafeEncodeString, at most 10 characters (Sluice's revisions are 32 hex).
   */
  static boolean fromFlagger(String lastAppliedSpec) {
    return lastAppliedSpec != null
        && lastAppliedSpec.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
  }

  /**
   * The run ended (Succeeded or Failed) and status says carrying it out is not confirmed: the tick
   * that recorded it stopped before it was done. The writes are idempotent and repeated; the hooks
   * are called before the status that clears the mark, so they are called at least once, and again
   * only if that write is lost too. A new revision waits for the next tick.
   */
  private static void finishEndedRun(Draft d) {
    d.act(new Action.SetRoutes(Routes.allToPrimary()));
    d.act(new Action.ScaleCanary(0));
    d.act(new Action.CallPostRolloutHooks(d.phase()));
    if (d.phase() == CanaryPhase.Failed) {
      // the rollback may have been the rollback gate's, and the tick that closes it behind the
      // rollback stopped: left open, it would roll back the next revision at its first tick
      d.act(new Action.CloseRollbackGate());
    }
    d.status.setPostRolloutPending(null);
  }

  /** Whether this tick would start a run, and so must ask the {@code confirm-rollout} gates. */
  static boolean startsRun(Draft d) {
    if (Boolean.TRUE.equals(d.status.getPostRolloutPending())) {
      return false;
    }
    String revision = d.seen.targetRevision();
    if (Objects.equals(revision, d.status.getLastPromotedSpec())) {
      return false;
    }
    return d.phase() == CanaryPhase.Waiting
        || !Objects.equals(revision, d.status.getLastAppliedSpec());
  }

  /** What a run is about to do, shown with the chat message that starts it. */
  private static Map<String, String> runFacts(Draft d) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Target", d.spec.getTargetRef().getKind() + "/" + d.target());
    facts.put("Strategy", Strategy.of(d.spec).describe(d.analysis));
    Integer threshold = d.analysis.getThreshold();
    facts.put("Failed checks threshold", String.valueOf(threshold == null ? 1 : threshold));
    facts.put("Progress deadline", d.progressDeadline.toSeconds() + "s");
    return facts;
  }
}

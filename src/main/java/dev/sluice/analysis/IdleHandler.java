package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import java.util.Objects;

/**
 * {@code Initialized | Succeeded | Failed | Waiting}: waits for a new revision of the target. A
 * revert to the revision the primary already runs starts no run.
 */
final class IdleHandler {
  private IdleHandler() {}

  static void handle(Draft d) {
    String revision = d.seen.targetRevision();
    if (Objects.equals(revision, d.status.getLastAppliedSpec())) {
      return;
    }
    if (Objects.equals(revision, d.status.getLastPromotedSpec())) {
      d.status.setLastAppliedSpec(revision);
      d.status.setTrackedConfigs(d.seen.trackedConfigs());
      d.act(new Action.ScaleCanary(0));
      d.normal("Reverted", d.target() + " is back at the promoted revision; no analysis needed");
      return;
    }
    d.resetRun();
    if (Boolean.TRUE.equals(d.spec.getSkipAnalysis())) {
      d.normal("AnalysisSkipped", "New revision detected, skipping analysis of " + d.target());
      PromotionHandler.start(d);
      return;
    }
    d.act(new Action.ScaleCanary(Math.max(1, d.seen.primaryReplicas())));
    d.status.setPhase(CanaryPhase.Progressing);
    d.normal("NewRevision", "New revision detected! Scaling up " + d.target());
  }
}

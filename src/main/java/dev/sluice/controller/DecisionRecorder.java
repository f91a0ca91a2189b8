package dev.sluice.controller;

import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Decision;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.kube.StatusWriter;
import dev.sluice.notify.EventRecorder;
import dev.sluice.observe.CanaryMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Records a decision: its status (written only when it changed), then its events and the
 * controller's own metrics of the canary. Events follow the status write, so that a step's event is
 * never recorded twice.
 */
@ApplicationScoped
public class DecisionRecorder {
  @Inject StatusWriter statusWriter;
  @Inject EventRecorder events;
  @Inject CanaryMetrics controllerMetrics;
  @Inject Clock clock;

  /**
   * Writes the status and, unless the decision turned out stale, records its events.
   *
   * @return false when the decision was stale and nothing was recorded
   */
  public boolean record(Canary canary, Decision decision) {
    CanaryPhase before = canary.getStatus() == null ? null : canary.getStatus().getPhase();
    StatusWriter.Outcome outcome = statusWriter.write(canary, decision.status());
    if (outcome == StatusWriter.Outcome.STALE) {
      return false;
    }
    decision.events().forEach(note -> events.record(canary, note));
    CanaryPhase after = decision.status().getPhase();
    controllerMetrics.phase(canary, after);
    Integer weight = decision.status().getCanaryWeight();
    controllerMetrics.weights(canary, weight == null ? 0 : weight);
    if (before != after && (after == CanaryPhase.Succeeded || after == CanaryPhase.Failed)) {
      controllerMetrics.outcome(canary, after == CanaryPhase.Succeeded);
    }
    return true;
  }

  /**
   * Records that the canary cannot be acted on now, and why (see {@link
   * CanaryStateMachine#blocked}).
   */
  public void blocked(Canary canary, String reason, String message) {
    record(canary, CanaryStateMachine.blocked(canary, reason, message, clock.instant()));
  }
}

package dev.sluice.controller;

import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Decision;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.JudgeStatus;
import dev.sluice.judge.SequentialTest;
import dev.sluice.kube.StatusWriter;
import dev.sluice.notify.EventRecorder;
import dev.sluice.observe.CanaryMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Records a decision: its status (written only when it changed), then its events and the
 * controller's own metrics of the canary. Events go with the status write, right after it and only
 * when it landed: a decision whose write failed or was stale records none (the next tick decides
 * again and records its own), so an event is never recorded twice, also when what it announces is
 * carried out later.
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
   * @return the Canary as stored with the decision's status, which what the decision carries out
   *     after the write starts from; empty when the decision was stale and nothing was recorded
   */
  public Optional<Canary> record(Canary canary, Decision decision) {
    CanaryPhase before = canary.getStatus() == null ? null : canary.getStatus().getPhase();
    StatusWriter.Recorded recorded = statusWriter.record(canary, decision.status());
    if (recorded.outcome() == StatusWriter.Outcome.STALE) {
      return Optional.empty();
    }
    decision.events().forEach(note -> events.record(canary, note));
    CanaryPhase after = decision.status().getPhase();
    controllerMetrics.phase(canary, after);
    Integer weight = decision.status().getCanaryWeight();
    controllerMetrics.weights(canary, weight == null ? 0 : weight);
    controllerMetrics.judge(canary, decision.status().getJudge());
    if (before != after && (after == CanaryPhase.Succeeded || after == CanaryPhase.Failed)) {
      controllerMetrics.outcome(canary, after == CanaryPhase.Succeeded);
    }
    if (before != after && after == CanaryPhase.Failed) {
      controllerMetrics.rollback(canary, byJudge(decision.status().getJudge()));
    }
    return Optional.of(recorded.stored());
  }

  private static boolean byJudge(JudgeStatus judge) {
    return judge != null
        && judge.getSignals() != null
        && judge.getSignals().stream().anyMatch(SequentialTest::rejects);
  }

  /**
   * Records that what the decision written to {@code recorded} changed in production was carried
   * out (see {@link CanaryStateMachine#carriedOut}); a write that does not land leaves it to the
   * next tick, which repeats it.
   */
  public void carriedOut(Canary recorded) {
    CanaryStateMachine.carriedOut(recorded.getStatus())
        .ifPresent(done -> statusWriter.write(recorded, done));
  }

  /**
   * Records that the canary cannot be acted on now, and why (see {@link
   * CanaryStateMachine#blocked}).
   */
  public void blocked(Canary canary, String reason, String message) {
    record(canary, CanaryStateMachine.blocked(canary, reason, message, clock.instant()));
  }
}

package dev.sluice.analysis;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rollout as a pure function: (canary with its status, observations, time) to (next status,
 * actions, events). It reads no cluster and keeps nothing between calls, which is what lets a
 * restarted controller resume from {@code Canary.status} and lets tests drive it tick by tick.
 */
public final class CanaryStateMachine {
  private CanaryStateMachine() {}

  /**
   * One tick of a valid, unsuspended canary.
   *
   * @param defaultProgressDeadline used when the spec sets no {@code progressDeadlineSeconds}
   */
  public static Decision decide(
      Canary canary, Observations seen, Instant now, Duration defaultProgressDeadline) {
    Integer seconds = canary.getSpec().getProgressDeadlineSeconds();
    Duration deadline = seconds == null ? defaultProgressDeadline : Duration.ofSeconds(seconds);
    Draft draft = new Draft(canary, seen, now, deadline);
    CanaryPhase phase = draft.phase() == null ? CanaryPhase.Initializing : draft.phase();
    switch (phase) {
      case Initializing -> InitializationHandler.handle(draft);
      // Waiting comes before a run (a closed confirm-rollout gate, as in Flagger): the canary is
      // still parked at zero, so the run starts as from any idle phase
      case Initialized, Succeeded, Failed, Waiting -> IdleHandler.handle(draft);
      case Progressing -> ProgressHandler.handle(draft);
      case Promoting, WaitingPromotion, Finalising -> PromotionHandler.handle(draft);
      case Terminating, Terminated -> {
        // deletion is the finalizer's business; nothing advances a canary that is going away
      }
    }
    return draft.build();
  }

  /**
   * Whether the tick should run the canary's checks before deciding: only where {@link #decide}
   * would judge them, so that no query runs for a canary that is idle, initializing or waiting.
   *
   * @param seen the observations without checks
   */
  public static boolean checksDue(Canary canary, Observations seen, Instant now) {
    return ProgressHandler.checksDue(new Draft(canary, seen, now, Duration.ZERO));
  }

  /**
   * A canary that cannot be acted on (invalid spec, missing target, failing API calls): the reason
   * in the Ready condition, an event when the message is new, and nothing else changed, so that the
   * run resumes where it stood once the cause is gone.
   */
  public static Decision blocked(Canary canary, String reason, String message, Instant now) {
    CanaryStatus before = canary.getStatus() == null ? new CanaryStatus() : canary.getStatus();
    CanaryCondition ready = Conditions.find(before.getConditions(), Conditions.READY);
    boolean isNew = ready == null || !message.equals(ready.getMessage());
    Draft draft = new Draft(canary, null, now, Duration.ZERO);
    Long generation = canary.getMetadata().getGeneration();
    draft.status.setObservedGeneration(generation);
    draft.status.setConditions(
        Conditions.set(
            draft.status.getConditions(),
            Conditions.READY,
            "False",
            reason,
            message,
            now.toString(),
            generation));
    List<EventNote> events = isNew ? List.of(EventNote.warning(reason, message)) : List.of();
    return new Decision(draft.status, List.of(), events);
  }
}

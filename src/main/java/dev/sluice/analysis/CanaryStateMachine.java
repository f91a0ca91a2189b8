package dev.sluice.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rollout as a pure function: (canary with its status, observations, time) to (next status,
 * actions, events). It reads no cluster and keeps nothing between ticks, which is what lets a
 * restarted controller resume from {@code Canary.status} and lets tests drive it tick by tick.
 *
 * <p>A tick asks it once: {@link #plan} says what the tick must call, and the plan decides on what
 * came back.
 */
public final class CanaryStateMachine {
  private static final ObjectMapper COPIER = new ObjectMapper();

  private CanaryStateMachine() {}

  /**
   * The plan of a scheduled tick of a valid, unsuspended canary.
   *
   * @param progressDeadline the canary's effective progress deadline
   */
  public static TickPlan plan(Canary canary, Instant now, Duration progressDeadline) {
    return new TickPlan(canary, now, progressDeadline, false);
  }

  /**
   * The plan of a tick that handles a person's request at once, between the scheduled ticks: it
   * calls nothing and decides the request alone, with no step taken, so that asking never makes a
   * run advance early. Its observations must carry the request ({@link Observations#request()}).
   */
  public static TickPlan planRequest(Canary canary, Instant now, Duration progressDeadline) {
    return new TickPlan(canary, now, progressDeadline, true);
  }

  static Decision decide(Draft draft) {
    CanaryPhase phase = draft.phase() == null ? CanaryPhase.Initializing : draft.phase();
    if (ControlHandler.handle(draft)) {
      return draft.build();
    }
    switch (phase) {
      case Initializing -> InitializationHandler.handle(draft);
      // Waiting comes before a run (a closed confirm-rollout gate, as in Flagger): the canary is
      // still parked at zero, so the run starts as from any idle phase
      case Initialized, Succeeded, Failed, Waiting -> IdleHandler.handle(draft);
      // WaitingPromotion goes on checking each step while its confirm-promotion gate is closed
      case Progressing, WaitingPromotion -> ProgressHandler.handle(draft);
      case Promoting, Finalising -> PromotionHandler.handle(draft);
      case Terminating, Terminated -> {
        // deletion is the finalizer's business; nothing advances a canary that is going away
      }
    }
    return draft.build();
  }

  static Decision decideRequest(Draft draft) {
    ControlHandler.handleRequest(draft);
    draft.keepWaitingMessage();
    return draft.build();
  }

  /**
   * The status once a recorded end of a run (Succeeded or Failed) was carried out: the same,
   * without the mark that it is pending; empty when nothing was pending.
   */
  public static Optional<CanaryStatus> carriedOut(CanaryStatus recorded) {
    if (recorded == null || !Boolean.TRUE.equals(recorded.getPostRolloutPending())) {
      return Optional.empty();
    }
    CanaryStatus done = COPIER.convertValue(recorded, CanaryStatus.class);
    done.setPostRolloutPending(null);
    return Optional.of(done);
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
    List<EventNote> events =
        isNew ? List.of(EventNote.warning(reason, message).alert(Severity.WARN)) : List.of();
    return new Decision(draft.status, List.of(), events);
  }
}

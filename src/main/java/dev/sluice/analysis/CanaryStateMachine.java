package dev.sluice.analysis;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.HookType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
   * @param progressDeadline the canary's effective progress deadline
   */
  public static Decision decide(
      Canary canary, Observations seen, Instant now, Duration progressDeadline) {
    Draft draft = new Draft(canary, seen, now, progressDeadline);
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

  /**
   * A tick that handles a person's request at once, between the scheduled ticks: the request alone,
   * with no step taken, so that asking never makes a run advance early.
   *
   * @param seen observations with {@link Observations#request()} set
   */
  public static Decision decideRequest(
      Canary canary, Observations seen, Instant now, Duration progressDeadline) {
    Draft draft = new Draft(canary, seen, now, progressDeadline);
    ControlHandler.handleRequest(draft);
    draft.keepWaitingMessage();
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
   * The webhook types the tick should call before deciding, so that {@link #decide} finds their
   * answers in {@link Observations#hooks()}: rollback hooks while a run exists, confirm-rollout
   * when a run would start, pre-rollout at a run's first step, confirm-traffic-increase before a
   * weight increase and confirm-promotion at the top. A gate may be asked in a step whose checks
   * then fail; gates are reads, so that costs one request and changes nothing.
   *
   * @param seen the observations without checks or hooks
   */
  public static Set<HookType> hooksDue(Canary canary, Observations seen, Instant now) {
    Draft d = new Draft(canary, seen, now, Duration.ZERO);
    Set<HookType> due = EnumSet.noneOf(HookType.class);
    CanaryPhase phase = d.phase() == null ? CanaryPhase.Initializing : d.phase();
    if (ControlHandler.RUN.contains(phase)) {
      due.add(HookType.ROLLBACK);
    }
    boolean idle =
        EnumSet.of(
                CanaryPhase.Initialized,
                CanaryPhase.Succeeded,
                CanaryPhase.Failed,
                CanaryPhase.Waiting)
            .contains(phase);
    if (idle && IdleHandler.startsRun(d)) {
      due.add(HookType.CONFIRM_ROLLOUT);
    }
    if (ProgressHandler.stepDue(d)) {
      if (ProgressHandler.firstStep(d) && !d.skippingAnalysis()) {
        due.add(HookType.PRE_ROLLOUT);
      }
      if (ProgressHandler.increasesTraffic(d)) {
        due.add(HookType.CONFIRM_TRAFFIC_INCREASE);
      }
      if (ProgressHandler.atTop(d)) {
        due.add(HookType.CONFIRM_PROMOTION);
      }
    }
    return due;
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

package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Phases of a rollout, with Flagger's names.
 *
 * <p>Allowed transitions:
 *
 * <ul>
 *   <li>{@code Initializing -> Initialized} once the primary is ready;
 *   <li>{@code Initialized | Succeeded | Failed -> Progressing} on a new revision (or {@code
 *       Waiting} while a confirm-rollout gate is closed);
 *   <li>{@code Progressing | WaitingPromotion | Promoting -> Progressing} on a revision change
 *       (weights back to 0; an unanalysed revision never reaches the primary);
 *   <li>{@code Progressing -> Promoting} when the analysis passed ({@code WaitingPromotion} while a
 *       confirm-promotion gate is closed);
 *   <li>{@code Promoting -> Finalising -> Succeeded}; Promoting waits for the primary's rollout,
 *       however long: the primary already runs the new revision, so there is nothing to roll back
 *       to;
 *   <li>{@code Progressing -> Failed} on rollback;
 *   <li>any {@code -> Terminating -> Terminated} on deletion.
 * </ul>
 */
public enum CanaryPhase {
  Initializing,
  Initialized,
  Waiting,
  Progressing,
  WaitingPromotion,
  Promoting,
  Finalising,
  Succeeded,
  Failed,
  Terminating,
  Terminated;

  /**
   * Reads a phase as stored in {@code status.phase}. Flagger's Go status has no {@code omitempty},
   * so a Canary it created may carry {@code phase: ""}: that reads as no phase yet ({@code null}),
   * like a missing status, instead of failing the whole object in the informer.
   *
   * @throws IllegalArgumentException for a value that is neither empty nor a phase name
   */
  @JsonCreator
  public static CanaryPhase fromStatus(String value) {
    return value == null || value.isEmpty() ? null : valueOf(value);
  }

  /** A run is under way: traffic may be on the canary. */
  public boolean isRunning() {
    return this == Progressing
        || this == WaitingPromotion
        || this == Promoting
        || this == Finalising;
  }
}

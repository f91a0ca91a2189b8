package dev.sluice.analysis;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one tick must do, said once by {@link CanaryStateMachine} before the tick calls anything.
 * The controller executes it in order: the pre-flight of the metric providers (before the workloads
 * are touched, so a canary whose providers are down is not taken over), then, once the workloads
 * are observed, the {@link StepPlan}: hooks, checks and gates, and the decision on their answers.
 */
public final class TickPlan {
  private final Canary canary;
  private final Instant now;
  private final Duration progressDeadline;
  private final boolean requestOnly;

  TickPlan(Canary canary, Instant now, Duration progressDeadline, boolean requestOnly) {
    this.canary = canary;
    this.now = now;
    this.progressDeadline = progressDeadline;
    this.requestOnly = requestOnly;
  }

  /**
   * Whether the metric providers must answer their pre-flight first: only on a scheduled tick while
   * the canary initializes. Once it runs, an unavailable provider fails the step's checks instead,
   * which count towards a rollback; a person's request is never held by it.
   */
  public boolean preflightDue() {
    CanaryPhase phase = canary.getStatus() == null ? null : canary.getStatus().getPhase();
    return !requestOnly && (phase == null || phase == CanaryPhase.Initializing);
  }

  /** The decision of a tick whose pre-flight failed: blocked, with each provider's reason. */
  public Decision providersUnavailable(List<String> reasons) {
    return CanaryStateMachine.blocked(
        canary, "MetricsProviderUnavailable", String.join("; ", reasons), now);
  }

  /**
   * The step this tick takes, given what the workloads were seen to be.
   *
   * @param seen the observations of the workloads and the pending request, without checks or hooks
   */
  public StepPlan observed(Observations seen) {
    return new StepPlan(new Draft(canary, seen, now, progressDeadline), requestOnly);
  }
}

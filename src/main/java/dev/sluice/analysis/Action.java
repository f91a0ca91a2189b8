package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;

/** An idempotent change to the cluster that a decision asks for. */
public sealed interface Action {

  /** Route traffic between primary and canary. */
  record SetRoutes(Routes routes) implements Action {}

  /** Scale the target (canary) workload; 0 parks it between runs. */
  record ScaleCanary(int replicas) implements Action {}

  /** Copy the target's pod template and tracked configs to the primary. */
  record PromoteToPrimary() implements Action {}

  /** Call the {@code post-rollout} hooks: the run ended in this phase (Succeeded or Failed). */
  record CallPostRolloutHooks(CanaryPhase phase) implements Action {}

  /** Close Sluice's rollback gate: it rolled this run back and must not roll back the next. */
  record CloseRollbackGate() implements Action {}
}

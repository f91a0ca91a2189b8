package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;

/**
 * An idempotent change to the cluster that a decision asks for.
 *
 * <p>An action reaches the code that carries it out through {@link #runWith}, one {@link Executor}
 * method per kind. Java 17 has no exhaustive {@code switch} over a sealed type (pattern matching
 * for switch is a preview there), and an {@code instanceof} chain silently skips a kind it does not
 * name; with the visitor, a new action needs a new {@link Executor} method, and every executor that
 * does not implement it fails to compile.
 */
public sealed interface Action {

  /** Hands this action to the executor's method for its kind. */
  void runWith(Executor executor);

  /** Carries out actions: one method per kind, so that none can be left out unnoticed. */
  interface Executor {
    void setRoutes(SetRoutes action);

    void scaleCanary(ScaleCanary action);

    void promoteToPrimary(PromoteToPrimary action);

    void callPostRolloutHooks(CallPostRolloutHooks action);

    void closeRollbackGate(CloseRollbackGate action);
  }

  /** Route traffic between primary and canary. */
  record SetRoutes(Routes routes) implements Action {
    @Override
    public void runWith(Executor executor) {
      executor.setRoutes(this);
    }
  }

  /** Scale the target (canary) workload; 0 parks it between runs. */
  record ScaleCanary(int replicas) implements Action {
    @Override
    public void runWith(Executor executor) {
      executor.scaleCanary(this);
    }
  }

  /** Copy the target's pod template and tracked configs to the primary. */
  record PromoteToPrimary() implements Action {
    @Override
    public void runWith(Executor executor) {
      executor.promoteToPrimary(this);
    }
  }

  /** Call the {@code post-rollout} hooks: the run ended in this phase (Succeeded or Failed). */
  record CallPostRolloutHooks(CanaryPhase phase) implements Action {
    @Override
    public void runWith(Executor executor) {
      executor.callPostRolloutHooks(this);
    }
  }

  /** Close Sluice's rollback gate: it rolled this run back and must not roll back the next. */
  record CloseRollbackGate() implements Action {
    @Override
    public void runWith(Executor executor) {
      executor.closeRollbackGate(this);
    }
  }
}

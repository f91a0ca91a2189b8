package dev.sluice.controller;

import dev.sluice.analysis.Action;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;

/**
 * Carries out a decision's actions, each an idempotent write. It implements {@link
 * Action.Executor}, so an action it does not carry out is a compile error, not a silent no-op.
 */
@ApplicationScoped
public class ActionExecutor {
  @Inject TargetScaler scaler;
  @Inject PrimaryReconciler primaries;
  @Inject CanaryHooks hooks;
  @Inject ControlRequests requests;

  /**
   * Runs the actions in order.
   *
   * @param target the target snapshot the decision was made on, which a promotion copies
   */
  public void run(Canary canary, Router router, Target target, List<Action> actions) {
    Action.Executor executor = new OnCanary(canary, router, target);
    actions.forEach(action -> action.runWith(executor));
  }

  /** The actions of one decision, against one canary, its router and its analysed target. */
  private final class OnCanary implements Action.Executor {
    private final Canary canary;
    private final Router router;
    private final Target target;

    OnCanary(Canary canary, Router router, Target target) {
      this.canary = canary;
      this.router = router;
      this.target = target;
    }

    @Override
    public void setRoutes(Action.SetRoutes action) {
      router.setRoutes(canary, action.routes());
    }

    @Override
    public void scaleCanary(Action.ScaleCanary action) {
      scaler.scale(canary, action.replicas());
    }

    @Override
    public void promoteToPrimary(Action.PromoteToPrimary action) {
      // the last guard of "only the analysed revision reaches the primary": the status a promotion
      // follows names the revision it promotes, and a snapshot of any other is never copied
      String promoted =
          canary.getStatus() == null ? null : canary.getStatus().getLastPromotedSpec();
      if (!Objects.equals(promoted, target.revision())) {
        throw new IllegalStateException(
            "not promoting "
                + canary.key()
                + ": the target holds revision "
                + target.revision()
                + ", status promotes "
                + promoted);
      }
      primaries.promote(canary, target);
    }

    @Override
    public void callPostRolloutHooks(Action.CallPostRolloutHooks action) {
      hooks.postRollout(canary, action.phase());
    }

    @Override
    public void closeRollbackGate(Action.CloseRollbackGate action) {
      requests.closeRollbackGate(canary);
    }
  }
}

package dev.sluice.controller;

import dev.sluice.analysis.Action;
import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Checks;
import dev.sluice.analysis.ControlRequest;
import dev.sluice.analysis.Decision;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.StepPlan;
import dev.sluice.analysis.TickPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.MeshProviders;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of a valid, unsuspended canary: asks the state machine for the tick's plan and executes
 * it. The plan says what to call; this class only calls it, in Flagger's order, and carries out the
 * decision.
 */
@ApplicationScoped
public class CanaryStep {
  @Inject SluiceConfig config;
  @Inject Clock clock;
  @Inject MeshProviders meshes;
  @Inject WorkloadReconciler workloads;
  @Inject AnalysisCalls calls;
  @Inject ControlRequests requests;
  @Inject ActionExecutor actions;
  @Inject DecisionRecorder recorder;

  /**
   * Takes the step; with {@code requestOnly} handles a pending request alone and, when there is
   * none, does nothing.
   *
   * @param window the tick's calls: its deadline, and whether a request took its turn
   * @throws TickCalls.Preempted when a request took the tick's turn before it acted
   */
  public void take(Canary canary, boolean requestOnly, TickCalls window) {
    ControlRequest request = requests.pending(canary).orElse(null);
    if (requestOnly && request == null) {
      return;
    }
    Instant now = clock.instant();
    Duration deadline = SpecDefaults.progressDeadline(canary.getSpec(), config);
    TickPlan plan =
        requestOnly
            ? CanaryStateMachine.planRequest(canary, now, deadline)
            : CanaryStateMachine.plan(canary, now, deadline);
    if (plan.preflightDue()) {
      List<String> unavailable = calls.unavailableProviders(window, canary);
      if (!unavailable.isEmpty()) {
        window.act();
        recorder.record(canary, plan.providersUnavailable(unavailable));
        return;
      }
    }
    String provider = SpecDefaults.provider(canary.getSpec(), config);
    MeshProvider mesh = meshes.find(provider).orElseThrow();
    Router router = mesh.router(provider);
    Target target = workloads.bootstrap(canary, mesh.capabilities().ownsApexSelector());
    router.reconcile(canary);
    StepPlan step = plan.observed(workloads.observe(canary, target).withRequest(request));
    Decision decision = callAndDecide(window, canary, step);
    // from here on the tick acts on its answers: a request waits for it rather than cancelling
    window.act();
    actions.run(canary, router, target, decision.beforeRecord());
    Optional<Canary> recorded = recorder.record(canary, decision);
    if (recorded.isEmpty()) {
      return;
    }
    if (request != null) {
      requests.removeHandled(canary, request.value());
    }
    carryOut(recorded.get(), router, target, decision.afterRecord());
  }

  /**
   * Carries out a promotion or rollback once the status that records it is written ("decide,
   * record, then do"); then records that it was done. Should this tick stop before (a failed write,
   * a killed controller), the status says what is left and the next tick does it again.
   */
  private void carryOut(Canary recorded, Router router, Target target, List<Action> afterRecord) {
    if (afterRecord.isEmpty()) {
      return;
    }
    try {
      actions.run(recorded, router, target, afterRecord);
      recorder.carriedOut(recorded);
    } catch (RuntimeException e) {
      throw new NotCarriedOut(recorded, e);
    }
  }

  /**
   * A recorded decision was not carried out in full. It carries the Canary as stored, so that the
   * failure is reported on top of the recorded status and never puts back the one it replaced.
   */
  static final class NotCarriedOut extends RuntimeException {
    private final transient Canary recorded;

    NotCarriedOut(Canary recorded, RuntimeException cause) {
      super(cause);
      this.recorded = recorded;
    }

    Canary recorded() {
      return recorded;
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  /**
   * Makes the step's calls in Flagger's order: rollback, confirm-rollout and pre-rollout hooks,
   * then the checks (metrics, rollout hooks and the judge's counts), then the
   * confirm-traffic-increase and confirm-promotion gates the plan still asks for; and decides on
   * their answers.
   */
  private Decision callAndDecide(TickCalls window, Canary canary, StepPlan step) {
    StepPlan.Calls due = step.calls();
    HookOutcomes before = calls.hooks(window, canary, due.hooksBeforeChecks());
    Checks checks = due.checks() ? calls.checks(window, canary) : Checks.none();
    // the judge's history is read at a run's first step, checks due or not
    checks = checks.withJudge(calls.judge(window, canary, due.judge()));
    HookOutcomes gates = calls.hooks(window, canary, step.gatesToAsk(before, checks));
    return step.decide(before.plus(gates), checks);
  }
}

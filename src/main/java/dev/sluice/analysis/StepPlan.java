package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The calls of one step, as data, and the one decision on their answers. The controller makes the
 * calls in Flagger's order: {@link Calls#hooksBeforeChecks()} (rollback, confirm-rollout,
 * pre-rollout), the checks (metrics and rollout hooks) when {@link Calls#checks()}, then the gates
 * of {@link #gatesToAsk}; and hands what came back to {@link #decide}. Only the types called are
 * read: a type not called counts as an open gate and as a rollback hook that does not ask.
 */
public final class StepPlan {
  /**
   * What the step calls.
   *
   * @param hooksBeforeChecks rollback hooks while a run exists, confirm-rollout when a run would
   *     start, pre-rollout at a run's first step
   * @param checks whether the step's checks run: only where the decision judges them, so that no
   *     query runs for a canary that is idle, initializing, waiting or without traffic
   * @param gates confirm-traffic-increase before a weight increase, confirm-promotion at the top;
   *     asked after the checks, and only as {@link #gatesToAsk} says
   * @param judge what the step reads for the judge ({@code analysis.judge}), with the checks
   */
  public record Calls(
      Set<HookType> hooksBeforeChecks, boolean checks, Set<HookType> gates, JudgeCalls judge) {
    public Calls {
      hooksBeforeChecks = inOrder(hooksBeforeChecks);
      gates = inOrder(gates);
      judge = judge == null ? JudgeCalls.NONE : judge;
    }

    public Calls(Set<HookType> hooksBeforeChecks, boolean checks, Set<HookType> gates) {
      this(hooksBeforeChecks, checks, gates, JudgeCalls.NONE);
    }

    static Calls none() {
      return new Calls(Set.of(), false, Set.of());
    }

    /** The types in {@link HookType}'s order, which is the order they are called in. */
    private static Set<HookType> inOrder(Set<HookType> types) {
      Set<HookType> ordered = EnumSet.noneOf(HookType.class);
      ordered.addAll(types);
      return Collections.unmodifiableSet(ordered);
    }

    /** Every hook type the step may call. */
    public Set<HookType> hooks() {
      Set<HookType> all = EnumSet.noneOf(HookType.class);
      all.addAll(hooksBeforeChecks);
      all.addAll(gates);
      return all;
    }
  }

  /**
   * What a step reads for the judge; the answers go into {@link Checks#judge()}.
   *
   * @param history at a run's first step: each signal's primary history over {@code
   *     analysis.judge.history} before now, for its baseline
   * @param interval at each step with checks: each signal's counts of the canary and of the primary
   *     over the last interval
   */
  public record JudgeCalls(boolean history, boolean interval) {
    public static final JudgeCalls NONE = new JudgeCalls(false, false);
  }

  private final Draft draft;
  private final boolean requestOnly;
  private final Calls calls;
  private boolean decided;

  StepPlan(Draft draft, boolean requestOnly) {
    this.draft = draft;
    this.requestOnly = requestOnly;
    this.calls = requestOnly ? Calls.none() : callsOf(draft);
  }

  public Calls calls() {
    return calls;
  }

  /**
   * The gates to ask once the hooks before the checks and the checks have answered: the planned
   * gates, only when no check failed or held and no pre-rollout hook failed, since a step that
   * fails goes no further (as in Flagger, which asks its gates after the checks).
   */
  public Set<HookType> gatesToAsk(HookOutcomes before, Checks checks) {
    boolean stepFailed =
        !checks.failed().isEmpty()
            || !checks.held().isEmpty()
            || !before.failed(HookType.PRE_ROLLOUT).isEmpty()
            || (calls.judge().interval() && JudgeStep.wouldReject(draft, checks.judge()));
    return stepFailed ? Set.of() : calls.gates();
  }

  /**
   * Decides the tick on what came back. A plan decides once: the draft it decided is spent.
   *
   * @param answers the outcomes of the hooks and gates called
   * @param checks the step's checks; {@link Checks#none()} when they were not due
   */
  public Decision decide(HookOutcomes answers, Checks checks) {
    if (decided) {
      throw new IllegalStateException("a step plan decides once");
    }
    decided = true;
    draft.answered(answers, checks);
    return requestOnly ? CanaryStateMachine.decideRequest(draft) : CanaryStateMachine.decide(draft);
  }

  private static Calls callsOf(Draft d) {
    Set<HookType> before = EnumSet.noneOf(HookType.class);
    Set<HookType> gates = EnumSet.noneOf(HookType.class);
    CanaryPhase phase = d.phase() == null ? CanaryPhase.Initializing : d.phase();
    if (ControlHandler.RUN.contains(phase)) {
      before.add(HookType.ROLLBACK);
    }
    if (IdleHandler.IDLE.contains(phase) && IdleHandler.startsRun(d)) {
      before.add(HookType.CONFIRM_ROLLOUT);
    }
    if (ProgressHandler.stepDue(d)) {
      if (ProgressHandler.firstStep(d) && !d.skippingAnalysis()) {
        before.add(HookType.PRE_ROLLOUT);
      }
      if (ProgressHandler.increasesTraffic(d)) {
        gates.add(HookType.CONFIRM_TRAFFIC_INCREASE);
      }
      if (ProgressHandler.atTop(d)) {
        gates.add(HookType.CONFIRM_PROMOTION);
      }
    }
    boolean judged = JudgeStep.settings(d).isPresent();
    JudgeCalls judge =
        new JudgeCalls(
            judged
                && ProgressHandler.stepDue(d)
                && ProgressHandler.firstStep(d)
                && !d.skippingAnalysis(),
            judged && ProgressHandler.checksDue(d));
    return new Calls(before, ProgressHandler.checksDue(d), gates, judge);
  }
}

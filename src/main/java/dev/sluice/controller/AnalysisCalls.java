package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.StepPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.judge.JudgeReadings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * The calls out of the cluster a plan asks for: the metric providers' pre-flight, the webhooks of
 * the types due, and a step's checks (metric queries and rollout hooks). Each call is bounded by
 * its own deadline and all by the tick's ({@link TickCalls}); what the answers mean is the state
 * machine's business.
 */
@ApplicationScoped
public class AnalysisCalls {
  @Inject MetricAnalyzer metrics;
  @Inject CanaryHooks hooks;
  @Inject JudgeReader judge;

  /** Why the metric providers the canary uses cannot answer; empty when they all can. */
  public List<String> unavailableProviders(TickCalls window, Canary canary) {
    return metrics.unavailableProviders(window, canary);
  }

  /** The answers of the canary's gates and hooks of these types. */
  public HookOutcomes hooks(TickCalls window, Canary canary, Set<HookType> types) {
    return hooks.call(window, canary, types);
  }

  /** A step's checks: every metric's verdict, plus the failed rollout hooks. */
  public Checks checks(TickCalls window, Canary canary) {
    Checks rollout = hooks.rolloutChecks(window, canary);
    return metrics.run(window, canary).withFailures(rollout.failures(), rollout.mutedFailures());
  }

  /**
   * What the judge reads this step ({@code analysis.judge}): the interval's counts with the checks,
   * the primary's history at a run's first step; none when the plan asks for neither.
   */
  public JudgeReadings judge(TickCalls window, Canary canary, StepPlan.JudgeCalls due) {
    return judge.read(window, canary, due);
  }
}

package dev.sluice.bench;

import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Checks;
import dev.sluice.analysis.Decision;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.Observations;
import dev.sluice.analysis.StepPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.workload.Readiness;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One tick's decision for a weighted canary mid-run: Progressing at weight 20 of its current
 * revision, both workloads ready, every check passed, so the decision advances to weight 30 (one
 * route action, one event, both conditions re-evaluated).
 */
@State(Scope.Benchmark)
public class StateMachineBenchmark {

  private Canary canary;
  private Observations seen;
  private Instant now;
  private final Duration deadline = Duration.ofMinutes(10);

  @Setup
  public void setUp() {
    canary = BenchFixtures.canaryProgressing();
    seen =
        new Observations(
            BenchFixtures.REVISION,
            BenchFixtures.TRACKED,
            Readiness.ready(),
            Readiness.ready(),
            3,
            Checks.none());
    now = Instant.parse(BenchFixtures.NOW);
    Decision decision = decide();
    if (decision.status().getCanaryWeight() != 30 || decision.actions().size() != 1) {
      throw new IllegalStateException("fixture does not advance the weight: " + decision);
    }
  }

  @Benchmark
  public Decision decide() {
    return CanaryStateMachine.plan(canary, now, deadline)
        .observed(seen)
        .decide(HookOutcomes.none(), Checks.none());
  }

  /**
   * All a tick asks the state machine: the plan of the step (which hooks, whether checks, which
   * gates), then the decision on the answers, on one draft of the status: the real per-tick cost.
   */
  @Benchmark
  public Decision tick() {
    StepPlan step = CanaryStateMachine.plan(canary, now, deadline).observed(seen);
    if (step.gatesToAsk(HookOutcomes.none(), Checks.none()).isEmpty()) {
      throw new IllegalStateException("a step at weight 20 asks its gates");
    }
    return step.decide(HookOutcomes.none(), Checks.none());
  }
}

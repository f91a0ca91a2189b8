package dev.sluice.bench;

import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Checks;
import dev.sluice.analysis.Decision;
import dev.sluice.analysis.Observations;
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
    return CanaryStateMachine.decide(canary, seen, now, deadline);
  }

  /**
   * All a tick asks the state machine: which hooks are due, whether checks are due, then the
   * decision. Each question builds its own draft of the status, so this is the real per-tick cost.
   */
  @Benchmark
  public Decision tick() {
    if (CanaryStateMachine.hooksDue(canary, seen, now).isEmpty()
        && CanaryStateMachine.checksDue(canary, seen, now)) {
      throw new IllegalStateException("a step at weight 20 asks its gates");
    }
    return CanaryStateMachine.decide(canary, seen, now, deadline);
  }
}

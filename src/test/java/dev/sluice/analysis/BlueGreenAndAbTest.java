package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.failing;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueGreenAndAbTest {

  @Test
  void blueGreenChecksWithTrafficOnPrimaryThenSwitchesAndPromotes() {
    // given a blue/green canary with 3 iterations, started on a new revision
    Rollout rollout = Rollout.initialized(Canaries.iterations(3));
    rollout.tick(seen(REV_2));

    // when checks pass on three ticks
    for (int i = 1; i <= 3; i++) {
      Decision iteration = rollout.tick(seen(REV_2));

      // then each iteration keeps live traffic on the primary and counts up
      assertEquals(List.of(routes(100, 0)), iteration.actions());
      assertEquals(i, iteration.status().getIterations());
      assertEquals(0, iteration.status().getCanaryWeight());
      assertEquals(CanaryPhase.Progressing, iteration.status().getPhase());
    }

    // and the next tick routes all traffic to the canary, then promotes
    Decision switched = rollout.tick(seen(REV_2));
    assertEquals(List.of(routes(0, 100), new Action.PromoteToPrimary()), switched.actions());
    assertEquals(List.of("Switched", "Promoting"), reasons(switched));
    assertEquals(100, switched.status().getCanaryWeight());
    assertEquals(CanaryPhase.Promoting, switched.status().getPhase());

    // and once the primary is rolled out traffic returns to it
    Decision back = rollout.tick(seen(REV_2));
    assertEquals(List.of(routes(100, 0)), back.actions());
    assertEquals(CanaryPhase.Finalising, back.status().getPhase());
    Decision done = rollout.tick(seen(REV_2));
    assertEquals(CanaryPhase.Succeeded, done.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Succeeded)),
        done.actions());
  }

  @Test
  void blueGreenWithMirrorMirrorsPrimaryTrafficDuringIterations() {
    // given a blue/green canary with mirroring
    CanaryAnalysis analysis = Canaries.iterations(2);
    analysis.setMirror(true);
    Rollout rollout = Rollout.initialized(analysis);
    rollout.tick(seen(REV_2));

    // when it iterates
    Decision first = rollout.tick(seen(REV_2));
    Decision second = rollout.tick(seen(REV_2));
    Decision switched = rollout.tick(seen(REV_2));

    // then live traffic stays on the primary, mirrored to the canary, until the switch
    Action mirrored = new Action.SetRoutes(new Routes(100, 0, true));
    assertEquals(List.of(mirrored), first.actions());
    assertEquals(List.of(mirrored), second.actions());
    assertEquals(routes(0, 100), switched.actions().get(0));
    assertEquals(CanaryPhase.Promoting, switched.status().getPhase());
  }

  @Test
  void blueGreenFailedChecksRollBackAtTheThreshold() {
    // given a blue/green run with threshold 2 after one iteration
    Rollout rollout = Rollout.initialized(Canaries.iterations(5));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));

    // when checks fail twice
    Decision halted = rollout.tick(failing(REV_2, "5xx"));
    Decision failed = rollout.tick(failing(REV_2, "5xx"));

    // then the iteration count holds, then the run fails with traffic on the primary
    assertEquals(1, halted.status().getIterations());
    assertEquals(List.of(), halted.actions());
    assertEquals(CanaryPhase.Failed, failed.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        failed.actions());
  }

  @Test
  void abTestingSendsMatchingRequestsToTheCanaryDuringIterations() {
    // given an A/B canary with 2 iterations
    Rollout rollout = Rollout.initialized(Canaries.abTesting(2));
    rollout.tick(seen(REV_2));

    // when it iterates
    Decision first = rollout.tick(seen(REV_2));
    Decision second = rollout.tick(seen(REV_2));
    Decision promote = rollout.tick(seen(REV_2));

    // then routes are (0, 100) for the matching requests, and no blue/green switch happens
    assertEquals(List.of(routes(0, 100)), first.actions());
    assertEquals(List.of(routes(0, 100)), second.actions());
    assertEquals(2, second.status().getIterations());
    // the matching requests stay on the canary while the primary takes its template
    assertEquals(List.of(new Action.PromoteToPrimary()), promote.actions());
    assertEquals(List.of("Promoting"), reasons(promote));
    assertEquals(0, promote.status().getCanaryWeight());

    // and promotion ends with everything on the primary
    assertEquals(List.of(routes(100, 0)), rollout.tick(seen(REV_2)).actions());
    assertEquals(CanaryPhase.Succeeded, rollout.tick(seen(REV_2)).status().getPhase());
  }
}

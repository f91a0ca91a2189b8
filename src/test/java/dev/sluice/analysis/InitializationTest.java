package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.primary;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.Readiness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializationTest {

  @Test
  void waitsForThePrimaryWithoutTouchingTrafficOrTheTarget() {
    // given a new canary whose primary is still rolling out
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));
    Readiness rolling = new Readiness.NotReady("0 of 3 updated replicas available");

    // when it ticks
    Decision first = rollout.tick(primary(REV_1, rolling));

    // then it is Initializing, asks for nothing, and says what it waits for
    assertEquals(CanaryPhase.Initializing, first.status().getPhase());
    assertEquals(List.of(), first.actions());
    assertEquals(List.of("Initializing", "Waiting"), reasons(first));
    assertEquals(
        "Waiting for primary podinfo-primary.test: 0 of 3 updated replicas available",
        first.events().get(1).message());
    assertEquals(null, first.status().getLastAppliedSpec());
    assertEquals(null, first.status().getLastPromotedSpec());
  }

  @Test
  void initializesOncePrimaryIsReady() {
    // given a canary that waited two ticks for its primary
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));
    Readiness rolling = new Readiness.NotReady("1 of 3 updated replicas available");
    rollout.tick(primary(REV_1, rolling));
    Decision again = rollout.tick(primary(REV_1, rolling));
    assertEquals(List.of(), again.events(), "the same wait is not announced twice");

    // when the primary is ready
    Decision done = rollout.tick(seen(REV_1));

    // then all traffic goes to the primary, the target is parked, the revision recorded
    assertEquals(CanaryPhase.Initialized, done.status().getPhase());
    assertEquals(
        List.of(new Action.SetRoutes(Routes.allToPrimary()), new Action.ScaleCanary(0)),
        done.actions());
    assertEquals(List.of("Initialized"), reasons(done));
    assertEquals(REV_1, done.status().getLastAppliedSpec());
    assertEquals(REV_1, done.status().getLastPromotedSpec());
    assertEquals(Map.of("podinfo-config", "sha-rev-1"), done.status().getTrackedConfigs());
    assertEquals(0, done.status().getCanaryWeight());
    assertEquals(0, done.status().getFailedChecks());
    assertEquals(0, done.status().getIterations());
  }

  @Test
  void primaryReadyOnTheFirstTickInitializesAtOnce() {
    // given a canary with no status and a ready primary
    Rollout rollout = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 50)));

    // when it ticks once
    Decision decision = rollout.tick(seen(REV_1));

    // then it passes through Initializing to Initialized in one tick
    assertEquals(CanaryPhase.Initialized, decision.status().getPhase());
    assertEquals(List.of("Initializing", "Initialized"), reasons(decision));
    assertEquals(Canaries.START.toString(), decision.status().getLastTransitionTime());
  }

  @Test
  void initializedCanaryWithAnUnchangedTargetStaysQuiet() {
    // given an initialized canary
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    var before = Canaries.json(rollout.status());

    // when later ticks see the same revision
    for (int i = 0; i < 5; i++) {
      Decision idle = rollout.tick(seen(REV_1));

      // then nothing is asked for and the status is unchanged, so it is not patched
      assertEquals(List.of(), idle.actions());
      assertEquals(List.of(), idle.events());
      assertEquals(before, Canaries.json(idle.status()));
    }
    assertTrue(rollout.status().getPhase() == CanaryPhase.Initialized);
  }
}

package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.primary;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.workload.Readiness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A primary that does not roll out the promoted template (a missing {@code -primary} config, a
 * Deployment past its own progress deadline) must not leave the canary holding the top weight
 * forever: the promotion gets the canary's progress deadline, then traffic goes back to the primary
 * and the run ends in Failed, said once.
 */
class PromotionDeadlineTest {

  /** A weighted run of rev-2 with progressDeadlineSeconds 300, just entered Promoting at 50. */
  private static Rollout promoting(CanaryAnalysis analysis) {
    Rollout rollout = Rollout.initialized(analysis);
    rollout.canary.getSpec().setProgressDeadlineSeconds(300);
    Decision decision = rollout.tick(seen(REV_2));
    for (int i = 0; i < 20 && decision.status().getPhase() != CanaryPhase.Promoting; i++) {
      decision = rollout.tick(seen(REV_2));
    }
    assertEquals(CanaryPhase.Promoting, decision.status().getPhase());
    return rollout;
  }

  @Test
  void aPrimaryThatNeverBecomesReadyIsRolledBackAfterTheProgressDeadline() {
    // given a run promoting rev-2 with the canary at weight 50
    Rollout rollout = promoting(Canaries.stepWeight(25, 50));
    assertEquals(50, rollout.status().getCanaryWeight());

    // when the primary never becomes ready
    List<EventNote> events = new ArrayList<>();
    Decision decision = null;
    int ticks = 0;
    while (ticks < 20) {
      decision =
          rollout.tick(primary(REV_2, new Readiness.NotReady("0 of 3 updated replicas available")));
      events.addAll(decision.events());
      ticks++;
      if (decision.status().getPhase() != CanaryPhase.Promoting) {
        break;
      }
    }

    // then it waits out the deadline (5 ticks) and on the 6th sends all traffic to the primary,
    // scales the canary down and ends in Failed
    assertEquals(6, ticks);
    assertEquals(CanaryPhase.Failed, decision.status().getPhase());
    assertEquals(0, decision.status().getCanaryWeight());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        decision.actions());
    // the primary's Deployment already holds rev-2: status says so rather than pretend otherwise
    assertEquals(REV_2, decision.status().getLastPromotedSpec());

    // and one wait event, one warning sent to chat naming why
    assertEquals(List.of("Waiting", "RolledBack"), events.stream().map(EventNote::reason).toList());
    EventNote rolledBack = events.get(1);
    assertTrue(rolledBack.warning());
    assertEquals(Severity.ERROR, rolledBack.alert());
    assertEquals(
        "Promotion of podinfo.test failed: primary podinfo-primary.test not ready within 300s:"
            + " 0 of 3 updated replicas available (its Deployment holds the promoted template)."
            + " Canary failed! Scaling down podinfo.test",
        rolledBack.message());
    assertTrue(
        Canaries.condition(decision.status(), Conditions.READY)
            .getMessage()
            .contains("revert podinfo"),
        Canaries.condition(decision.status(), Conditions.READY).getMessage());

    // and later ticks, the primary still not ready, say and do nothing more
    for (int i = 0; i < 5; i++) {
      Decision after =
          rollout.tick(primary(REV_2, new Readiness.NotReady("0 of 3 updated replicas available")));
      assertEquals(CanaryPhase.Failed, after.status().getPhase());
      assertEquals(List.of(), after.actions());
      assertEquals(List.of(), after.events());
    }
  }

  @Test
  void aPrimaryWhoseDeploymentReportsProgressDeadlineExceededIsRolledBackAtOnce() {
    // given a run promoting rev-2, with a long deadline of its own
    Rollout rollout = promoting(Canaries.stepWeight(25, 50));
    rollout.canary.getSpec().setProgressDeadlineSeconds(3600);

    // when the primary's Deployment reports that it failed to progress (its own deadline passed)
    Decision failed =
        rollout.tick(
            primary(
                REV_2,
                new Readiness.Failed(
                    "deployment \"podinfo-primary\" exceeded its progress deadline")));

    // then the run is rolled back on this tick, as a failed canary Deployment is
    assertEquals(CanaryPhase.Failed, failed.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Failed)),
        failed.actions());
    assertEquals(List.of("RolledBack"), reasons(failed));
    assertTrue(
        failed
            .events()
            .get(0)
            .message()
            .startsWith(
                "Promotion of podinfo.test failed: primary podinfo-primary.test failed:"
                    + " deployment \"podinfo-primary\" exceeded its progress deadline"),
        failed.events().get(0).message());
  }

  @Test
  void aBlueGreenPromotionWhosePrimaryNeverRollsOutSendsTrafficBackToThePrimary() {
    // given a blue/green run switched to the canary (weight 100) and promoting
    Rollout rollout = promoting(Canaries.iterations(2));
    assertEquals(100, rollout.status().getCanaryWeight());

    // when the primary stays unready past the deadline
    rollout.tick(primary(REV_2, new Readiness.NotReady("pods pending")));
    rollout.advance(java.time.Duration.ofSeconds(300));
    Decision failed = rollout.tick(primary(REV_2, new Readiness.NotReady("pods pending")));

    // then the apex goes back to the primary and the run ends in Failed
    assertEquals(CanaryPhase.Failed, failed.status().getPhase());
    assertEquals(routes(100, 0), failed.actions().get(0));
    assertEquals(List.of("RolledBack"), reasons(failed));
  }

  @Test
  void aPrimaryThatRollsOutWithinTheDeadlineFinishesThePromotion() {
    // given a run promoting rev-2 whose primary is slow but within the deadline
    Rollout rollout = promoting(Canaries.stepWeight(25, 50));
    for (int i = 0; i < 4; i++) {
      assertEquals(
          CanaryPhase.Promoting,
          rollout
              .tick(primary(REV_2, new Readiness.NotReady("1 of 3 updated replicas available")))
              .status()
              .getPhase());
    }

    // when it becomes ready, then promotion goes on to Finalising
    assertEquals(CanaryPhase.Finalising, rollout.tick(seen(REV_2)).status().getPhase());
  }
}

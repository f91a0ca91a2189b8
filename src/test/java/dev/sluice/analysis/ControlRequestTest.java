package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryPhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** promote, abort, pause, resume and skip asked of a run, each handled once. */
class ControlRequestTest {

  private static Observations asking(String value) {
    return seen(REV_2).withRequest(ControlRequest.parse(value).orElseThrow());
  }

  /** A weighted run at weight 10 (stepWeight 10, max 50). */
  private static Rollout runningAt10() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(10, rollout.status().getCanaryWeight());
    return rollout;
  }

  @Test
  void promoteStartsPromotionAtOnceAndIsRecorded() {
    Rollout rollout = runningAt10();

    Decision promoted = rollout.tick(asking("promote/a1"));

    assertEquals(CanaryPhase.Promoting, promoted.status().getPhase());
    assertEquals(List.of(new Action.PromoteToPrimary()), promoted.actions());
    assertEquals(List.of("PromotionRequested", "Promoting"), reasons(promoted));
    assertEquals("promote/a1", promoted.status().getControl().getLastRequest());
    assertEquals("Applied", promoted.status().getControl().getLastRequestOutcome());
  }

  @Test
  void abortRollsBackWithTheRequestAsReason() {
    Rollout rollout = runningAt10();

    Decision aborted = rollout.tick(asking("abort"));

    assertEquals(CanaryPhase.Failed, aborted.status().getPhase());
    assertTrue(aborted.actions().contains(new Action.ScaleCanary(0)));
    assertTrue(
        aborted.events().get(1).message().startsWith("Aborted by request abort"),
        aborted.events().get(1).message());
  }

  @Test
  void pauseHoldsTheWeightAndStopsTheDeadlineUntilResume() {
    // given a paused run
    Rollout rollout = runningAt10();
    Decision paused = rollout.tick(asking("pause/1"));
    assertEquals(Boolean.TRUE, paused.status().getControl().getPaused());
    assertEquals(10, paused.status().getCanaryWeight());

    // when ticks pass, even beyond the progress deadline with an unready canary
    rollout.advance(Duration.ofHours(1));
    Decision still = rollout.tick(Canaries.canaryNotReady(REV_2, "0/3 ready"));

    // then nothing moves and nothing is due
    assertEquals(10, still.status().getCanaryWeight());
    assertEquals(CanaryPhase.Progressing, still.status().getPhase());
    assertEquals(List.of(), still.actions());
    assertFalse(Canaries.calls(rollout.canary, seen(REV_2), rollout.now).checks());
    assertTrue(Canaries.calls(rollout.canary, seen(REV_2), rollout.now).hooks().size() <= 1);

    // when resumed, the run goes on from where it stood
    Decision resumed = rollout.tick(asking("resume/2"));
    assertNull(resumed.status().getControl().getPaused());
    assertEquals(20, resumed.status().getCanaryWeight());
  }

  @Test
  void skipStepsOnWithoutJudgingChecks() {
    Rollout rollout = runningAt10();
    rollout.tick(asking("skip"));

    Decision next = rollout.tick(Canaries.failing(REV_2, "boom"));

    assertEquals(0, next.status().getFailedChecks());
    assertEquals(30, next.status().getCanaryWeight());
    assertFalse(Canaries.calls(rollout.canary, seen(REV_2), rollout.now).checks());
  }

  @Test
  void aRequestOutsideARunIsRecordedAsIgnoredAndChangesNothing() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));

    Decision ignored =
        rollout.tick(
            seen(Canaries.REV_1).withRequest(ControlRequest.parse("promote").orElseThrow()));

    assertEquals(CanaryPhase.Initialized, ignored.status().getPhase());
    assertEquals(List.of(), ignored.actions());
    assertEquals(List.of("RequestIgnored"), reasons(ignored));
    assertEquals("Ignored", ignored.status().getControl().getLastRequestOutcome());
    assertTrue(ignored.status().getControl().getLastRequestMessage().contains("Initialized"));
  }

  @Test
  void anUnknownRequestIsIgnoredNamingTheValidOnes() {
    Rollout rollout = runningAt10();

    Decision ignored = rollout.tick(asking("promot"));

    assertTrue(
        ignored.status().getControl().getLastRequestMessage().contains("valid: promote, abort"));
    assertEquals(20, ignored.status().getCanaryWeight(), "the step still happens");
  }

  @Test
  void aRequestTickTakesNoStep() {
    Rollout rollout = runningAt10();

    StepPlan plan =
        CanaryStateMachine.planRequest(rollout.canary, rollout.now, Canaries.DEFAULT_DEADLINE)
            .observed(asking("pause"));
    Decision decision = plan.decide(HookOutcomes.none(), Checks.none());

    assertEquals(10, decision.status().getCanaryWeight());
    assertEquals(List.of(), decision.actions());
    assertEquals(Boolean.TRUE, decision.status().getControl().getPaused());
  }

  @Test
  void resumeRestartsTheProgressDeadline() {
    Rollout rollout = runningAt10();
    rollout.tick(asking("pause"));
    rollout.advance(Duration.ofHours(2));

    Decision resumed =
        rollout.tick(asking("resume").withRequest(ControlRequest.parse("resume").orElseThrow()));

    assertEquals(
        rollout.now.minus(Canaries.INTERVAL).toString(), resumed.status().getLastTransitionTime());
  }
}

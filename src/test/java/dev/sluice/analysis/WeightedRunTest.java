package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.primary;
import static dev.sluice.analysis.Canaries.reasons;
import static dev.sluice.analysis.Canaries.routes;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.workload.Readiness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedRunTest {

  @Test
  void newRevisionScalesTheCanaryUpToThePrimaryReplicas() {
    // given an initialized canary
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 30));

    // when the target gets a new revision
    Decision start = rollout.tick(seen(REV_2));

    // then a run starts at weight 0 for that revision
    assertEquals(CanaryPhase.Progressing, start.status().getPhase());
    assertEquals(List.of(new Action.ScaleCanary(Canaries.PRIMARY_REPLICAS)), start.actions());
    assertEquals(List.of("NewRevision"), reasons(start));
    assertEquals(REV_2, start.status().getLastAppliedSpec());
    assertEquals(REV_1, start.status().getLastPromotedSpec());
    assertEquals(0, start.status().getCanaryWeight());
  }

  @Test
  void stepWeightRunsUpToMaxWeightThenPromotesAndFinalises() {
    // given a canary stepping by 20 up to 50, started on a new revision
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(20, 50));
    rollout.tick(seen(REV_2));

    // when checks pass on every tick
    List<Integer> weights = new ArrayList<>();
    List<List<Action>> actions = new ArrayList<>();
    Decision decision;
    do {
      decision = rollout.tick(seen(REV_2));
      weights.add(decision.status().getCanaryWeight());
      actions.add(decision.actions());
    } while (decision.status().getPhase() == CanaryPhase.Progressing);

    // then the weights go 20, 40, 50 (capped), and the analysis at 50 hands over to promotion
    assertEquals(List.of(20, 40, 50, 50), weights);
    assertEquals(
        List.of(
            List.of(routes(80, 20)),
            List.of(routes(60, 40)),
            List.of(routes(50, 50)),
            List.of(new Action.PromoteToPrimary())),
        actions);
    assertEquals(CanaryPhase.Promoting, decision.status().getPhase());
    assertEquals(REV_2, decision.status().getLastPromotedSpec());
    assertEquals(List.of("Promoting"), reasons(decision));

    // and once the primary rolled out, traffic returns to it, then the canary is parked
    Decision toPrimary = rollout.tick(seen(REV_2));
    assertEquals(CanaryPhase.Finalising, toPrimary.status().getPhase());
    assertEquals(List.of(routes(100, 0)), toPrimary.actions());
    assertEquals(0, toPrimary.status().getCanaryWeight());
    Decision done = rollout.tick(seen(REV_2));
    assertEquals(CanaryPhase.Succeeded, done.status().getPhase());
    assertEquals(
        List.of(
            routes(100, 0),
            new Action.ScaleCanary(0),
            new Action.CallPostRolloutHooks(CanaryPhase.Succeeded)),
        done.actions());
    assertEquals(List.of("Succeeded"), reasons(done));
  }

  @Test
  void stepWeightsFollowTheListAndStepWeightPromotionWalksTrafficBack() {
    // given stepWeights 1, 5, 25, 60 and a promotion by 25 at a time
    CanaryAnalysis analysis = Canaries.stepWeights(1, 5, 25, 60);
    analysis.setStepWeightPromotion(25);
    Rollout rollout = Rollout.initialized(analysis);
    rollout.tick(seen(REV_2));

    // when every check passes until the run is over
    List<String> trail = new ArrayList<>();
    List<Action> routing = new ArrayList<>();
    for (int i = 0; i < 12 && rollout.status().getPhase() != CanaryPhase.Succeeded; i++) {
      Decision decision = rollout.tick(seen(REV_2));
      trail.add(decision.status().getPhase() + "@" + decision.status().getCanaryWeight());
      decision.actions().stream().filter(a -> a instanceof Action.SetRoutes).forEach(routing::add);
    }

    // then every listed weight is taken once, and promotion moves 25 points a tick back
    assertEquals(
        List.of(
            "Progressing@1",
            "Progressing@5",
            "Progressing@25",
            "Progressing@60",
            "Promoting@60",
            "Promoting@35",
            "Promoting@10",
            "Finalising@0",
            "Succeeded@0"),
        trail);
    assertEquals(
        List.of(
            routes(99, 1),
            routes(95, 5),
            routes(75, 25),
            routes(40, 60),
            routes(65, 35),
            routes(90, 10),
            routes(100, 0),
            routes(100, 0)),
        routing);
  }

  @Test
  void promotionWaitsForThePrimaryToRollOutBeforeMovingTraffic() {
    // given a run that just entered Promoting at weight 30
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(30, 30));
    rollout.tick(seen(REV_2));
    rollout.tick(seen(REV_2));
    assertEquals(CanaryPhase.Promoting, rollout.tick(seen(REV_2)).status().getPhase());

    // when the primary is still rolling out the promoted template
    Readiness rolling = new Readiness.NotReady("1 of 3 updated replicas available");
    Decision first = rollout.tick(primary(REV_2, rolling));
    Decision second = rollout.tick(primary(REV_2, rolling));

    // then traffic stays where it is, with one Waiting event, and the copy is not repeated
    assertEquals(List.of(), first.actions());
    assertEquals(List.of("Waiting"), reasons(first));
    assertEquals(List.of(), second.actions());
    assertEquals(List.of(), second.events());
    assertEquals(30, second.status().getCanaryWeight());
    assertEquals(CanaryPhase.Promoting, second.status().getPhase());
  }

  @Test
  void skipAnalysisPromotesANewRevisionWithoutARun() {
    // given an initialized canary that skips analysis
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(10, 50));
    rollout.canary.getSpec().setSkipAnalysis(true);

    // when the target gets a new revision
    Decision skip = rollout.tick(seen(REV_2));

    // then it is promoted at once, without scaling the canary up or moving traffic
    assertEquals(CanaryPhase.Promoting, skip.status().getPhase());
    assertEquals(List.of(new Action.PromoteToPrimary()), skip.actions());
    assertEquals(List.of("AnalysisSkipped", "Promoting"), reasons(skip));
    assertEquals(REV_2, skip.status().getLastPromotedSpec());
    assertEquals(CanaryPhase.Finalising, rollout.tick(seen(REV_2)).status().getPhase());
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
  void succeededCanaryStartsTheNextRunOnTheNextRevision() {
    // given a canary that completed a run of rev-2
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(50, 50));
    rollout.tick(seen(REV_2));
    while (rollout.status().getPhase() != CanaryPhase.Succeeded) {
      rollout.tick(seen(REV_2));
    }
    assertEquals(List.of(), rollout.tick(seen(REV_2)).actions(), "Succeeded is steady");

    // when rev-3 arrives
    Decision next = rollout.tick(seen(Canaries.REV_3));

    // then a new run starts from weight 0 with counters reset
    assertEquals(CanaryPhase.Progressing, next.status().getPhase());
    assertEquals(List.of(new Action.ScaleCanary(Canaries.PRIMARY_REPLICAS)), next.actions());
    assertEquals(0, next.status().getCanaryWeight());
    assertEquals(Canaries.REV_3, next.status().getLastAppliedSpec());
    assertEquals(REV_2, next.status().getLastPromotedSpec());
  }
}

package dev.sluice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.Readiness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Canaries, observations and a tick-by-tick driver for the state machine tests. */
final class Canaries {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration INTERVAL = Duration.ofMinutes(1);
  static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
  static final String REV_1 = "rev-1";
  static final String REV_2 = "rev-2";
  static final String REV_3 = "rev-3";
  static final int PRIMARY_REPLICAS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Canaries() {}

  /** Flagger's podinfo canary in namespace {@code test}, with an analysis to fill in. */
  static Canary podinfo(CanaryAnalysis analysis) {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder()
            .withName("podinfo")
            .withNamespace("test")
            .withGeneration(1L)
            .build());
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName("podinfo");
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    return canary;
  }

  static CanaryAnalysis stepWeight(int step, int max) {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval("1m");
    analysis.setThreshold(3);
    analysis.setStepWeight(step);
    analysis.setMaxWeight(max);
    return analysis;
  }

  static CanaryAnalysis stepWeights(Integer... weights) {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval("1m");
    analysis.setThreshold(3);
    analysis.setStepWeights(new ArrayList<>(Arrays.asList(weights)));
    return analysis;
  }

  static CanaryAnalysis iterations(int iterations) {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval("1m");
    analysis.setThreshold(2);
    analysis.setIterations(iterations);
    return analysis;
  }

  static CanaryAnalysis abTesting(int iterations) {
    CanaryAnalysis analysis = iterations(iterations);
    HeaderStringMatch exact = new HeaderStringMatch();
    exact.setExact("insider");
    AbMatch match = new AbMatch();
    match.setHeaders(Map.of("x-canary", exact));
    analysis.setMatch(List.of(match));
    return analysis;
  }

  /** Both workloads ready, checks passing, target at {@code revision}. */
  static Observations seen(String revision) {
    return new Observations(
        revision,
        Map.of("podinfo-config", "sha-" + revision),
        Readiness.ready(),
        Readiness.ready(),
        PRIMARY_REPLICAS,
        Checks.none());
  }

  static Observations canaryNotReady(String revision, String reason) {
    Observations ok = seen(revision);
    return new Observations(
        revision,
        ok.trackedConfigs(),
        ok.primary(),
        new Readiness.NotReady(reason),
        3,
        Checks.none());
  }

  static Observations canary(String revision, Readiness canary) {
    Observations ok = seen(revision);
    return new Observations(revision, ok.trackedConfigs(), ok.primary(), canary, 3, Checks.none());
  }

  static Observations primary(String revision, Readiness primary) {
    Observations ok = seen(revision);
    return new Observations(revision, ok.trackedConfigs(), primary, ok.canary(), 3, Checks.none());
  }

  static Observations failing(String revision, String... reasons) {
    Observations ok = seen(revision);
    return new Observations(
        revision, ok.trackedConfigs(), ok.primary(), ok.canary(), 3, Checks.failing(reasons));
  }

  /** What the tick's plan would call, given these observations of the workloads. */
  static StepPlan.Calls calls(Canary canary, Observations seen, Instant now) {
    return CanaryStateMachine.plan(canary, now, DEFAULT_DEADLINE).observed(seen).calls();
  }

  static Action.SetRoutes routes(int primary, int canary) {
    return new Action.SetRoutes(new Routes(primary, canary, false));
  }

  static List<String> reasons(Decision decision) {
    return decision.events().stream().map(EventNote::reason).toList();
  }

  static CanaryCondition condition(CanaryStatus status, String type) {
    return Conditions.find(status.getConditions(), type);
  }

  static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }

  static CanaryStatus copy(CanaryStatus status) {
    return JSON.convertValue(status, CanaryStatus.class);
  }

  /**
   * Drives one canary tick by tick as the controller does: each decision's status goes back into
   * the Canary, and the clock moves one interval between ticks.
   */
  static final class Rollout {
    final Canary canary;
    Instant now = START;

    /**
     * The revision the primary runs, as the controller observes it: the one initialization created
     * it at, then each revision a decision asked to promote. Null until the first decision.
     */
    String primaryRevision;

    Rollout(Canary canary) {
      this.canary = canary;
    }

    /** A canary already initialized at {@link #REV_1}. */
    static Rollout initialized(CanaryAnalysis analysis) {
      Rollout rollout = new Rollout(podinfo(analysis));
      Decision init = rollout.tick(seen(REV_1));
      assertEquals("Initialized", init.status().getPhase().name());
      return rollout;
    }

    /**
     * Decides at the current time, carries the decision out as the controller does (the status is
     * recorded, then the actions run and a pending end of a run is marked done), then moves the
     * clock one interval.
     */
    Decision tick(Observations seen) {
      Decision decision = recordOnly(seen);
      canary.setStatus(CanaryStateMachine.carriedOut(decision.status()).orElse(decision.status()));
      if (decision.actions().contains(new Action.PromoteToPrimary())) {
        primaryRevision = seen.targetRevision();
      }
      return decision;
    }

    /**
     * Decides and stores the status, but carries out nothing: a controller stopped right after the
     * status write. Then moves the clock one interval.
     */
    Decision recordOnly(Observations seen) {
      Decision decision = peek(seen);
      canary.setStatus(decision.status());
      if (primaryRevision == null) {
        primaryRevision = decision.status().getLastPromotedSpec();
      }
      now = now.plus(INTERVAL);
      return decision;
    }

    /**
     * Decides without storing the status or moving the clock, on the answers {@code seen} carries
     * (its hooks and checks), whether or not the plan asked for them.
     */
    Decision peek(Observations seen) {
      Observations observed =
          seen.primaryRevision() == null ? seen.withPrimaryRevision(primaryRevision) : seen;
      return CanaryStateMachine.plan(canary, now, progressDeadline())
          .observed(observed)
          .decide(observed.hooks(), observed.checks());
    }

    /**
     * The deadline the controller hands the state machine: the spec's {@code
     * progressDeadlineSeconds}, else the default (the controller reads both through {@code
     * SpecDefaults}).
     */
    Duration progressDeadline() {
      Integer seconds = canary.getSpec().getProgressDeadlineSeconds();
      return seconds == null ? DEFAULT_DEADLINE : Duration.ofSeconds(seconds);
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    CanaryStatus status() {
      return canary.getStatus();
    }
  }
}

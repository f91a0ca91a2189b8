package dev.sluice.replay;

import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Checks;
import dev.sluice.analysis.Conditions;
import dev.sluice.analysis.Decision;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.Observations;
import dev.sluice.analysis.StepPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.judge.Baseline;
import dev.sluice.judge.IntervalCounts;
import dev.sluice.judge.JudgeReadings;
import dev.sluice.judge.JudgeSettings;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.query.MetricVerdict;
import dev.sluice.query.QueryResult;
import dev.sluice.workload.Readiness;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One canary run replayed through the controller's own state machine, one interval at a time: the
 * decided status goes back into the Canary as the controller's status write would, the workloads
 * are always ready and the revision never changes, so only the checks decide. The checks are built
 * from counts as the controller builds them from its queries: the builtin {@code
 * request-success-rate} through {@link MetricEvaluator}, and the judge's readings.
 *
 * <p>Webhooks are not called: every gate is open and every hook passes.
 */
public final class ReplayRun {
  /** Where a replay's clock starts when the data has no time of its own (stdin). */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /** Both workloads are always ready: no deadline is ever reached. */
  private static final Duration DEADLINE = Duration.ofDays(3650);

  private static final String PROMOTED = "replay-promoted";
  private static final String ANALYSED = "replay-analysed";

  /** What one interval decided. */
  public enum Verdict {
    ADVANCE,
    HOLD,
    ROLLBACK,
    PROMOTE;

    /** The protocol's word. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The decision of one interval.
   *
   * @param verdict what the step did
   * @param weight the canary's weight for the next interval (0 after a rollback; after a promotion
   *     the weight the canary holds while the primary rolls out)
   * @param reason the Ready condition's message, then each judge signal's reason
   * @param evidence each judge signal's evidence after the interval; empty without a judge
   */
  public record Step(Verdict verdict, int weight, String reason, Map<String, Double> evidence) {
    public boolean ends() {
      return verdict == Verdict.ROLLBACK || verdict == Verdict.PROMOTE;
    }
  }

  private final Canary canary;
  private final Duration interval;
  private final List<String> signals;
  private final List<CanaryMetric> metrics;
  private Instant now;
  private int intervals;
  private boolean ended;

  private ReplayRun(Canary canary, Duration interval, Instant start) {
    this.canary = canary;
    this.interval = interval;
    this.now = start;
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    this.metrics = analysis.getMetrics() == null ? List.of() : List.copyOf(analysis.getMetrics());
    this.signals =
        analysis.getJudge() == null
            ? List.of()
            : JudgeSettings.of(analysis.getJudge()).signals().stream()
                .map(JudgeSignal::getName)
                .toList();
  }

  /**
   * A Canary around an analysis section, as {@code analyze --stdin} reads it: a Deployment target
   * named after the run.
   */
  public static Canary canaryOf(String run, CanaryAnalysis analysis) {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder()
            .withName("replay")
            .withNamespace("replay")
            .withGeneration(1L)
            .build());
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName(run);
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    return canary;
  }

  /**
   * What a replay cannot run: anything but a weighted run, metrics other than the builtin {@code
   * request-success-rate} (the only one counts say), judge signals other than the builtin ones, and
   * what the controller's validation refuses in the judge.
   */
  public static List<String> problems(CanaryAnalysis analysis) {
    List<String> problems = new ArrayList<>();
    boolean steps = analysis.getStepWeights() != null && !analysis.getStepWeights().isEmpty();
    if (analysis.getIterations() != null && analysis.getIterations() > 0) {
      problems.add("analysis.iterations: only weighted canary runs can be replayed");
    } else if (!steps && (analysis.getStepWeight() == null || analysis.getStepWeight() <= 0)) {
      problems.add("analysis needs stepWeight > 0 or stepWeights");
    }
    if (analysis.getInterval() != null) {
      try {
        Duration length = GoDuration.parse(analysis.getInterval());
        if (length.isZero() || length.isNegative()) {
          problems.add("analysis.interval must be positive");
        }
      } catch (IllegalArgumentException e) {
        problems.add("analysis.interval " + analysis.getInterval() + " is not a duration");
      }
    }
    for (CanaryMetric metric :
        analysis.getMetrics() == null ? List.<CanaryMetric>of() : analysis.getMetrics()) {
      if (BuiltinMetric.of(metric).orElse(null) != BuiltinMetric.REQUEST_SUCCESS_RATE) {
        problems.add(
            "metric "
                + metric.getName()
                + " cannot be computed from request counts: only the builtin request-success-rate can be replayed");
        continue;
      }
      try {
        MetricEvaluator.policyOf(metric);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (analysis.getJudge() != null) {
      List<String> judge = JudgeSettings.problems(analysis.getJudge());
      problems.addAll(judge);
      if (judge.isEmpty()) {
        for (JudgeSignal signal : JudgeSettings.of(analysis.getJudge()).signals()) {
          if (!JudgeSignal.ERRORS.equals(signal.getName())
              && !JudgeSignal.LATENCY.equals(signal.getName())) {
            problems.add(
                "judge signal "
                    + signal.getName()
                    + " reads MetricTemplates: only the builtin errors and latency can be replayed from counts");
          }
        }
      }
    }
    return problems;
  }

  /**
   * Starts a run: the canary initializes, a new revision starts the run, and its first step (the
   * pre-rollout step at weight 0) starts the judge from the primary's history.
   *
   * @param canary a Canary without status whose analysis has no {@link #problems}
   * @param history the primary's intervals before the run, oldest first; empty for none
   * @param start the time of the first step
   * @throws IllegalArgumentException when the analysis cannot be replayed
   */
  public static ReplayRun start(Canary canary, List<WorkloadCounts> history, Instant start) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    List<String> problems = problems(analysis);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Duration interval =
        analysis.getInterval() == null
            ? Duration.ofMinutes(1)
            : GoDuration.parse(analysis.getInterval());
    // the set-up ticks happen before the first step, so the first step is at start
    ReplayRun run = new ReplayRun(canary, interval, start.minus(interval.multipliedBy(2)));
    run.setUp(history);
    return run;
  }

  private void setUp(List<WorkloadCounts> history) {
    tick(seen(PROMOTED), calls -> Checks.none());
    if (phase() != CanaryPhase.Initialized) {
      throw new IllegalStateException("the replayed canary did not initialize: " + readyMessage());
    }
    tick(seen(ANALYSED), calls -> Checks.none());
    if (phase() != CanaryPhase.Progressing) {
      throw new IllegalStateException("the replayed run did not start: " + readyMessage());
    }
    Map<String, Baseline> baselines = new LinkedHashMap<>();
    for (String signal : signals) {
      baselines.put(signal, Baseline.of(history.stream().map(c -> c.of(signal)).toList()));
    }
    tick(
        seen(ANALYSED),
        calls ->
            calls.judge().history()
                ? Checks.none().withJudge(JudgeReadings.ofBaselines(baselines))
                : Checks.none());
    if (phase() != CanaryPhase.Progressing || weight() == 0) {
      throw new IllegalStateException(
          "the replayed run's first step did not advance: " + readyMessage());
    }
  }

  /**
   * Decides one interval from its counts.
   *
   * @throws IllegalStateException once the run has ended
   */
  public Step interval(WorkloadCounts canaryCounts, WorkloadCounts primaryCounts) {
    if (ended) {
      throw new IllegalStateException("the run has ended");
    }
    int before = weight();
    Decision decision = tick(seen(ANALYSED), calls -> checks(calls, canaryCounts, primaryCounts));
    intervals++;
    CanaryPhase phase = phase();
    Verdict verdict;
    if (phase == CanaryPhase.Failed) {
      verdict = Verdict.ROLLBACK;
    } else if (phase == CanaryPhase.Promoting
        || phase == CanaryPhase.Finalising
        || phase == CanaryPhase.Succeeded) {
      verdict = Verdict.PROMOTE;
    } else {
      verdict = weight() > before ? Verdict.ADVANCE : Verdict.HOLD;
    }
    ended = verdict == Verdict.ROLLBACK || verdict == Verdict.PROMOTE;
    // a step that advances or promotes says so in its events; the Ready condition says little
    String said =
        verdict == Verdict.ADVANCE || verdict == Verdict.PROMOTE
            ? decision.events().stream().map(e -> e.message()).collect(Collectors.joining("; "))
            : "";
    String reason = reason();
    return new Step(
        verdict,
        weight(),
        said.isEmpty() ? reason : reason.isEmpty() ? said : said + "; " + reason,
        evidence());
  }

  /** The weight the next interval is measured at. */
  public int weight() {
    CanaryStatus status = canary.getStatus();
    return status == null || status.getCanaryWeight() == null ? 0 : status.getCanaryWeight();
  }

  public boolean ended() {
    return ended;
  }

  /** Intervals decided so far. */
  public int intervals() {
    return intervals;
  }

  private Checks checks(
      StepPlan.Calls calls, WorkloadCounts canaryCounts, WorkloadCounts primaryCounts) {
    if (!calls.checks()) {
      return Checks.none();
    }
    List<MetricVerdict> verdicts = new ArrayList<>();
    for (CanaryMetric metric : metrics) {
      verdicts.add(MetricEvaluator.evaluate(metric, successRate(canaryCounts)));
    }
    Checks checks = Checks.of(verdicts);
    if (!calls.judge().interval()) {
      return checks;
    }
    Map<String, IntervalCounts> readings = new LinkedHashMap<>();
    for (String signal : signals) {
      readings.put(signal, new IntervalCounts(canaryCounts.of(signal), primaryCounts.of(signal)));
    }
    return checks.withJudge(JudgeReadings.ofIntervals(readings));
  }

  /**
   * Flagger's builtin success rate of the canary over the interval: {@code 100 × (requests −
   * errors) / requests}; its query answers no value without requests.
   */
  static QueryResult successRate(WorkloadCounts counts) {
    if (counts.requests() == 0) {
      return new QueryResult.NoData("the canary served no requests this interval");
    }
    return new QueryResult.Value(100.0 * (counts.requests() - counts.errors()) / counts.requests());
  }

  private Decision tick(
      Observations seen, java.util.function.Function<StepPlan.Calls, Checks> read) {
    StepPlan step = CanaryStateMachine.plan(canary, now, DEADLINE).observed(seen);
    Checks checks = read.apply(step.calls());
    Decision decision = step.decide(HookOutcomes.none(), checks);
    // as the controller: the status is recorded, then what it decided is carried out
    canary.setStatus(CanaryStateMachine.carriedOut(decision.status()).orElse(decision.status()));
    now = now.plus(interval);
    return decision;
  }

  private Observations seen(String revision) {
    CanaryStatus status = canary.getStatus();
    String primary = status == null ? null : status.getLastPromotedSpec();
    return new Observations(
            revision, Map.of(), Readiness.ready(), Readiness.ready(), 1, Checks.none())
        .withPrimaryRevision(primary);
  }

  private CanaryPhase phase() {
    return canary.getStatus() == null ? null : canary.getStatus().getPhase();
  }

  private String readyMessage() {
    CanaryStatus status = canary.getStatus();
    CanaryCondition ready =
        status == null ? null : Conditions.find(status.getConditions(), Conditions.READY);
    return ready == null || ready.getMessage() == null ? "" : ready.getMessage();
  }

  private String reason() {
    StringBuilder reason = new StringBuilder(readyMessage());
    for (JudgeSignalStatus signal : judgeSignals()) {
      String said = "judge " + signal.getName() + ": " + signal.getReason();
      if (reason.indexOf(said) < 0) {
        reason.append(reason.length() == 0 ? "" : "; ").append(said);
      }
    }
    return reason.toString();
  }

  private Map<String, Double> evidence() {
    Map<String, Double> evidence = new LinkedHashMap<>();
    for (JudgeSignalStatus signal : judgeSignals()) {
      evidence.put(signal.getName(), signal.getEvidence());
    }
    return evidence;
  }

  private List<JudgeSignalStatus> judgeSignals() {
    CanaryStatus status = canary.getStatus();
    if (status == null || status.getJudge() == null || status.getJudge().getSignals() == null) {
      return List.of();
    }
    return status.getJudge().getSignals();
  }
}

package dev.sluice.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.judge.JudgeSettings;
import dev.sluice.query.BuiltinMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Canary's analysis replayed over past data: two runs side by side on the same counts, one with
 * Sluice's judge (the Canary's own {@code analysis.judge}, its defaults when it has none) and one
 * with Flagger's rule (the same analysis without the judge), from {@code from}, one interval at a
 * time, until each decides or the data ends.
 *
 * <p>The counts are what the canary and the primary served then, at whatever weights they had; the
 * replay does not re-weight them. Metrics other than the builtin {@code request-success-rate}
 * cannot be computed from counts and are left out, as are webhooks; the report says so.
 */
public final class PastReplay {
  private static final ObjectMapper COPIER = new ObjectMapper();

  /** One interval: its counts and what each rule decided (null once that rule had stopped). */
  public record Interval(
      int number,
      Instant end,
      WorkloadCounts canary,
      WorkloadCounts primary,
      ReplayRun.Step judge,
      ReplayRun.Step flagger) {}

  /**
   * Where one rule stopped.
   *
   * @param interval the interval that decided; null when the data ended first
   * @param decision rollback or promote; the last decision when the data ended first
   * @param weight the weight the rule ended at
   */
  public record Stop(Integer interval, Instant at, String decision, int weight, String reason) {}

  /**
   * @param history the primary's intervals before {@code from} read for the judge's baseline
   * @param notes what the replay left out or filled in
   */
  public record Report(
      String canary,
      Instant from,
      Instant to,
      Duration interval,
      List<WorkloadCounts> history,
      List<String> notes,
      List<Interval> intervals,
      Stop judge,
      Stop flagger) {}

  private PastReplay() {}

  /**
   * Replays {@code canary} over {@code [from, to]}.
   *
   * @throws IllegalArgumentException when its analysis cannot be replayed
   * @throws IllegalStateException when Prometheus cannot answer
   */
  static Report replay(Canary canary, Instant from, Instant to, PastCounts counts) {
    List<String> notes = new ArrayList<>();
    Canary judged = prepared(canary, true, notes);
    Canary flagger = prepared(canary, false, new ArrayList<>());
    List<String> problems = ReplayRun.problems(judged.getSpec().getAnalysis());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    CanaryAnalysis analysis = judged.getSpec().getAnalysis();
    Duration interval =
        analysis.getInterval() == null
            ? Duration.ofMinutes(1)
            : GoDuration.parse(analysis.getInterval());
    JudgeSettings settings = JudgeSettings.of(analysis.getJudge());
    Duration slowerThan =
        settings.signals().stream()
            .filter(s -> JudgeSignal.LATENCY.equals(s.getName()))
            .map(s -> GoDuration.parse(s.getSlowerThan()))
            .findFirst()
            .orElse(null);
    String namespace = judged.getMetadata().getNamespace();
    String target = judged.getSpec().getTargetRef().getName();
    String primary = target + "-primary";

    int past = (int) (settings.history().toSeconds() / interval.toSeconds());
    List<WorkloadCounts> history =
        past == 0
            ? List.of()
            : counts.read(
                namespace,
                primary,
                from.minus(interval.multipliedBy(past - 1)),
                past,
                interval,
                slowerThan);
    int intervals = (int) (Duration.between(from, to).toSeconds() / interval.toSeconds());
    if (intervals < 1) {
      throw new IllegalArgumentException(
          "--from and --to must be at least one analysis interval (" + interval + ") apart");
    }
    Instant first = from.plus(interval);
    List<WorkloadCounts> canaryCounts =
        counts.read(namespace, target, first, intervals, interval, slowerThan);
    List<WorkloadCounts> primaryCounts =
        counts.read(namespace, primary, first, intervals, interval, slowerThan);

    ReplayRun judge = ReplayRun.start(judged, history, from);
    ReplayRun rule = ReplayRun.start(flagger, List.of(), from);
    List<Interval> rows = new ArrayList<>();
    Stop judgeStop = null;
    Stop ruleStop = null;
    ReplayRun.Step lastJudge = null;
    ReplayRun.Step lastRule = null;
    for (int i = 0; i < intervals && (judgeStop == null || ruleStop == null); i++) {
      Instant end = first.plus(interval.multipliedBy(i));
      WorkloadCounts c = canaryCounts.get(i);
      WorkloadCounts p = primaryCounts.get(i);
      ReplayRun.Step j = judgeStop == null ? judge.interval(c, p) : null;
      ReplayRun.Step f = ruleStop == null ? rule.interval(c, p) : null;
      rows.add(new Interval(i + 1, end, c, p, j, f));
      if (j != null) {
        lastJudge = j;
        judgeStop = j.ends() ? stop(i + 1, end, j) : null;
      }
      if (f != null) {
        lastRule = f;
        ruleStop = f.ends() ? stop(i + 1, end, f) : null;
      }
    }
    return new Report(
        judged.key(),
        from,
        to,
        interval,
        history,
        notes,
        rows,
        judgeStop != null ? judgeStop : unfinished(lastJudge),
        ruleStop != null ? ruleStop : unfinished(lastRule));
  }

  private static Stop stop(int number, Instant end, ReplayRun.Step step) {
    return new Stop(number, end, step.verdict().word(), step.weight(), step.reason());
  }

  private static Stop unfinished(ReplayRun.Step last) {
    return new Stop(
        null,
        null,
        last == null ? "none" : last.verdict().word(),
        last == null ? 0 : last.weight(),
        "the data ended before a decision" + (last == null ? "" : "; last: " + last.reason()));
  }

  /**
   * A copy of the Canary without status whose analysis keeps what counts can replay: with the judge
   * (its defaults when the Canary has none) or without it.
   */
  private static Canary prepared(Canary original, boolean withJudge, List<String> notes) {
    Canary canary = COPIER.convertValue(original, Canary.class);
    canary.setStatus(null);
    if (canary.getMetadata().getNamespace() == null) {
      canary.getMetadata().setNamespace("default");
    }
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    if (analysis == null) {
      throw new IllegalArgumentException("spec.analysis is missing");
    }
    if (withJudge && analysis.getJudge() == null) {
      analysis.setJudge(new CanaryJudge());
      notes.add("the Canary has no analysis.judge: Sluice's judge runs with its defaults");
    }
    if (!withJudge) {
      analysis.setJudge(null);
    }
    List<CanaryMetric> kept = new ArrayList<>();
    for (CanaryMetric metric :
        analysis.getMetrics() == null ? List.<CanaryMetric>of() : analysis.getMetrics()) {
      if (BuiltinMetric.of(metric).orElse(null) == BuiltinMetric.REQUEST_SUCCESS_RATE) {
        kept.add(metric);
      } else {
        notes.add(
            "metric "
                + metric.getName()
                + " left out: only the builtin request-success-rate is computed from counts");
      }
    }
    analysis.setMetrics(kept);
    if (analysis.getWebhooks() != null && !analysis.getWebhooks().isEmpty()) {
      notes.add("webhooks are not called: every gate counts as open and every hook as passed");
      analysis.setWebhooks(null);
    }
    return canary;
  }
}

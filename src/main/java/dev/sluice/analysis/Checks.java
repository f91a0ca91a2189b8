package dev.sluice.analysis;

import dev.sluice.judge.JudgeReadings;
import dev.sluice.query.MetricVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one step: the verdict of every metric, and failures of other checks. A step with a
 * failed check counts it; a step with a held check (no data under {@code noData: hold}) neither
 * counts nor advances; otherwise the step passes.
 *
 * @param verdicts one per metric checked at this step; empty when no check was due
 * @param failures failed checks that are not metrics, as readable reasons
 * @param mutedFailures failed checks of webhooks with {@code muteAlert}: they count, but a step
 *     that fails only by them sends no chat message
 * @param judge what was read for the judge ({@code analysis.judge}); none without one
 */
public record Checks(
    List<MetricVerdict> verdicts,
    List<String> failures,
    List<String> mutedFailures,
    JudgeReadings judge) {

  public Checks {
    verdicts = List.copyOf(verdicts);
    failures = List.copyOf(failures);
    mutedFailures = List.copyOf(mutedFailures);
    judge = judge == null ? JudgeReadings.none() : judge;
  }

  public Checks(List<MetricVerdict> verdicts, List<String> failures, List<String> mutedFailures) {
    this(verdicts, failures, mutedFailures, JudgeReadings.none());
  }

  public Checks(List<MetricVerdict> verdicts, List<String> failures) {
    this(verdicts, failures, List.of());
  }

  public static Checks none() {
    return new Checks(List.of(), List.of());
  }

  public static Checks of(List<MetricVerdict> verdicts) {
    return new Checks(verdicts, List.of());
  }

  public static Checks failing(String... reasons) {
    return new Checks(List.of(), List.of(reasons));
  }

  /** These checks plus failed checks of another kind (webhooks). */
  public Checks withFailures(List<String> more) {
    return withFailures(more, List.of());
  }

  /** These checks plus failed webhook checks, some of which ask not to alert. */
  public Checks withFailures(List<String> more, List<String> muted) {
    List<String> all = new ArrayList<>(failures);
    all.addAll(more);
    List<String> allMuted = new ArrayList<>(mutedFailures);
    allMuted.addAll(muted);
    return new Checks(verdicts, all, allMuted, judge);
  }

  /** These checks with what was read for the judge. */
  public Checks withJudge(JudgeReadings readings) {
    return new Checks(verdicts, failures, mutedFailures, readings);
  }

  /** Whether a failure of this step should reach chat: any failure that is not muted. */
  public boolean alertOnFailure() {
    return !failures.isEmpty()
        || verdicts.stream().anyMatch(v -> v.outcome().countsAsFailedCheck());
  }

  /** The failing metrics as facts for a notification: name to value and range. */
  public java.util.Map<String, String> failingMetrics() {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    verdicts.stream()
        .filter(v -> v.outcome().countsAsFailedCheck())
        .forEach(v -> facts.put(v.metric(), v.reason()));
    return facts;
  }

  /** Reasons of the checks that count as failed at this step. */
  public List<String> failed() {
    List<String> failed = new ArrayList<>(failures);
    failed.addAll(mutedFailures);
    verdicts.stream()
        .filter(v -> v.outcome().countsAsFailedCheck())
        .map(MetricVerdict::reason)
        .forEach(failed::add);
    return failed;
  }

  /** Reasons of the checks that hold the step. */
  public List<String> held() {
    return verdicts.stream()
        .filter(v -> v.outcome() == MetricVerdict.Outcome.HOLD)
        .map(MetricVerdict::reason)
        .toList();
  }
}

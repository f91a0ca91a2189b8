package dev.sluice.analysis;

import dev.sluice.metrics.MetricVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one step: the verdict of every metric, and failures of other checks. A step with a
 * failed check counts it; a step with a held check (no data under {@code noData: hold}) neither
 * counts nor advances; otherwise the step passes.
 *
 * @param verdicts one per metric checked at this step; empty when no check was due
 * @param failures failed checks that are not metrics, as readable reasons
 */
public record Checks(List<MetricVerdict> verdicts, List<String> failures) {

  public static Checks none() {
    return new Checks(List.of(), List.of());
  }

  public static Checks of(List<MetricVerdict> verdicts) {
    return new Checks(List.copyOf(verdicts), List.of());
  }

  public static Checks failing(String... reasons) {
    return new Checks(List.of(), List.of(reasons));
  }

  /** These checks plus failed checks of another kind (webhooks). */
  public Checks withFailures(List<String> more) {
    List<String> all = new ArrayList<>(failures);
    all.addAll(more);
    return new Checks(verdicts, List.copyOf(all));
  }

  /** Reasons of the checks that count as failed at this step. */
  public List<String> failed() {
    List<String> failed = new ArrayList<>(failures);
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

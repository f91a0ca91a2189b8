package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.JudgeStatus;
import dev.sluice.judge.Baseline;
import dev.sluice.judge.IntervalCounts;
import dev.sluice.judge.JudgeReadings;
import dev.sluice.judge.JudgeSettings;
import dev.sluice.judge.SequentialTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The judge's part of a step ({@code analysis.judge}): at a run's first step each signal starts
 * from the primary's history; at each later step each signal adds the interval's counts to its
 * evidence, kept in {@code status.judge}. Evidence at its bound rolls the run back at once, beside
 * Flagger's threshold checks, which go on as before.
 */
final class JudgeStep {
  private JudgeStep() {}

  static Optional<JudgeSettings> settings(Draft d) {
    CanaryJudge judge = d.analysis == null ? null : d.analysis.getJudge();
    return judge == null ? Optional.empty() : Optional.of(JudgeSettings.of(judge));
  }

  /** Starts every signal's evidence for the run, from the baselines read (none when absent). */
  static void start(Draft d) {
    settings(d)
        .ifPresent(
            settings -> {
              Map<String, Baseline> baselines = d.seen.checks().judge().baselines();
              List<JudgeSignalStatus> signals = new ArrayList<>();
              for (JudgeSignal signal : settings.signals()) {
                Baseline baseline = baselines.getOrDefault(signal.getName(), Baseline.NONE);
                signals.add(SequentialTest.start(signal.getName(), settings, baseline, d.now));
              }
              JudgeStatus status = new JudgeStatus();
              status.setSignals(signals);
              d.status.setJudge(status);
            });
  }

  /**
   * Adds this step's counts to each signal's evidence in the draft's status.
   *
   * @return why the judge rolls back, when a signal's evidence reached its bound
   */
  static Optional<String> observe(Draft d) {
    Optional<JudgeSettings> configured = settings(d);
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    JudgeSettings settings = configured.get();
    List<JudgeSignalStatus> after = judged(d, settings, d.seen.checks().judge());
    JudgeStatus status = new JudgeStatus();
    status.setSignals(after);
    d.status.setJudge(status);
    double warnAt = Math.sqrt(settings.bound());
    List<String> rejections = new ArrayList<>();
    for (JudgeSignalStatus signal : after) {
      if (SequentialTest.rejects(signal)) {
        rejections.add("judge " + signal.getName() + ": " + signal.getReason());
      } else if (signal.getEvidence() >= warnAt && evidenceBefore(d, signal.getName()) < warnAt) {
        d.event(
            EventNote.warning(
                    "JudgeEvidenceRising",
                    "Judge " + signal.getName() + " of " + d.target() + ": " + signal.getReason())
                .alert(Severity.WARN));
      }
    }
    return rejections.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", rejections));
  }

  /**
   * The judge's evidence so far in a few words for the step's event, e.g. {@code judge: errors
   * evidence 1.3, latency evidence 0.4 (rollback at 100)}; empty without a judge or evidence.
   */
  static Optional<String> summary(Draft d) {
    if (settings(d).isEmpty()
        || d.status.getJudge() == null
        || d.status.getJudge().getSignals() == null
        || d.status.getJudge().getSignals().isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    double bound = settings(d).get().bound();
    for (JudgeSignalStatus signal : d.status.getJudge().getSignals()) {
      parts.add(
          signal.getName()
              + " evidence "
              + SequentialTest.format(signal.getEvidence() == null ? 1 : signal.getEvidence()));
    }
    return Optional.of(
        "judge: "
            + String.join(", ", parts)
            + " (rollback at "
            + SequentialTest.format(bound)
            + ")");
  }

  /** Whether this step's readings would roll the run back, without changing the draft. */
  static boolean wouldReject(Draft d, JudgeReadings readings) {
    return settings(d)
        .map(settings -> judged(d, settings, readings).stream().anyMatch(SequentialTest::rejects))
        .orElse(false);
  }

  private static List<JudgeSignalStatus> judged(
      Draft d, JudgeSettings settings, JudgeReadings readings) {
    List<JudgeSignalStatus> after = new ArrayList<>();
    for (JudgeSignal signal : settings.signals()) {
      String name = signal.getName();
      // a signal added to the spec in the middle of a run starts without history
      JudgeSignalStatus before =
          current(d, name)
              .orElseGet(() -> SequentialTest.start(name, settings, Baseline.NONE, d.now));
      IntervalCounts counts = readings.intervals().get(name);
      if (counts != null) {
        after.add(SequentialTest.observe(before, settings, counts, d.now));
      } else {
        String why = readings.unreadable().getOrDefault(name, "not read this interval");
        after.add(SequentialTest.unread(before, settings, why, d.now));
      }
    }
    return after;
  }

  private static Optional<JudgeSignalStatus> current(Draft d, String name) {
    if (d.status.getJudge() == null || d.status.getJudge().getSignals() == null) {
      return Optional.empty();
    }
    return d.status.getJudge().getSignals().stream()
        .filter(s -> name.equals(s.getName()) && s.getLogEvidence() != null)
        .filter(s -> s.getLogEvidence().size() == SequentialTest.alternatives())
        .findFirst();
  }

  private static double evidenceBefore(Draft d, String name) {
    if (d.before.getJudge() == null || d.before.getJudge().getSignals() == null) {
      return 1;
    }
    return d.before.getJudge().getSignals().stream()
        .filter(s -> name.equals(s.getName()) && s.getEvidence() != null)
        .mapToDouble(JudgeSignalStatus::getEvidence)
        .findFirst()
        .orElse(1);
  }
}

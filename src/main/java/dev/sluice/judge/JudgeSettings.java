package dev.sluice.judge;

import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.JudgeSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Canary's {@code analysis.judge} with its defaults filled in.
 *
 * @param alpha the bound on the chance of a false rollback over a whole run
 * @param tolerance how much more often than the primary the canary may fail, as a fraction
 * @param history how far back the primary's history is read before a run; zero reads none
 * @param signals the signals compared, never empty
 */
public record JudgeSettings(
    double alpha, double tolerance, Duration history, List<JudgeSignal> signals) {
  public static final double DEFAULT_ALPHA = 0.01;
  public static final double DEFAULT_TOLERANCE = 0.25;
  public static final Duration DEFAULT_HISTORY = Duration.ofHours(1);

  public JudgeSettings {
    signals = List.copyOf(signals);
  }

  /** The settings of a judge the spec asks for, defaults filled in; assumes {@link #problems}. */
  public static JudgeSettings of(CanaryJudge judge) {
    double alpha = judge.getAlpha() == null ? DEFAULT_ALPHA : judge.getAlpha();
    double tolerance = judge.getTolerance() == null ? DEFAULT_TOLERANCE : judge.getTolerance();
    Duration history =
        judge.getHistory() == null ? DEFAULT_HISTORY : GoDuration.parse(judge.getHistory());
    List<JudgeSignal> signals = judge.getSignals();
    if (signals == null || signals.isEmpty()) {
      JudgeSignal errors = new JudgeSignal();
      errors.setName(JudgeSignal.ERRORS);
      signals = List.of(errors);
    }
    return new JudgeSettings(alpha, tolerance, history, signals);
  }

  /** The evidence that rolls back: {@code 1 / alpha}. */
  public double bound() {
    return 1 / alpha;
  }

  /**
   * What is wrong with a judge's settings, in words naming the field; empty when nothing is. Which
   * signals a provider can read is the controller's to say.
   */
  public static List<String> problems(CanaryJudge judge) {
    List<String> problems = new ArrayList<>();
    if (judge.getAlpha() != null && !(judge.getAlpha() > 0 && judge.getAlpha() < 1)) {
      problems.add(
          "analysis.judge.alpha must lie between 0 and 1 (exclusive), not " + judge.getAlpha());
    }
    if (judge.getTolerance() != null && !(judge.getTolerance() >= 0)) {
      problems.add("analysis.judge.tolerance cannot be negative: " + judge.getTolerance());
    }
    if (judge.getHistory() != null) {
      try {
        if (GoDuration.parse(judge.getHistory()).isNegative()) {
          problems.add("analysis.judge.history cannot be negative: " + judge.getHistory());
        }
      } catch (IllegalArgumentException e) {
        problems.add("analysis.judge.history is not a duration: " + judge.getHistory());
      }
    }
    List<String> names = new ArrayList<>();
    for (JudgeSignal signal :
        judge.getSignals() == null ? List.<JudgeSignal>of() : judge.getSignals()) {
      String name = signal.getName();
      if (name == null || name.isBlank()) {
        problems.add("analysis.judge.signals[] needs a name");
        continue;
      }
      if (names.contains(name)) {
        problems.add("analysis.judge.signals names " + name + " twice");
      }
      names.add(name);
      boolean builtin = JudgeSignal.ERRORS.equals(name) || JudgeSignal.LATENCY.equals(name);
      boolean templates =
          signal.getRequestsTemplateRef() != null || signal.getBadTemplateRef() != null;
      if (builtin && templates) {
        problems.add(
            "analysis.judge.signals "
                + name
                + " is builtin and takes no requestsTemplateRef or badTemplateRef");
      }
      if (!builtin
          && (signal.getRequestsTemplateRef() == null || signal.getBadTemplateRef() == null)) {
        problems.add(
            "analysis.judge.signals "
                + name
                + " is not builtin (errors, latency): it needs requestsTemplateRef and badTemplateRef");
      }
      if (JudgeSignal.LATENCY.equals(name)) {
        if (signal.getSlowerThan() == null) {
          problems.add("analysis.judge.signals latency needs slowerThan, e.g. 500ms");
        } else {
          try {
            Duration bound = GoDuration.parse(signal.getSlowerThan());
            if (bound.isZero() || bound.isNegative()) {
              problems.add("analysis.judge.signals latency slowerThan must be positive");
            }
          } catch (IllegalArgumentException e) {
            problems.add(
                "analysis.judge.signals latency slowerThan is not a duration: "
                    + signal.getSlowerThan());
          }
        }
      } else if (signal.getSlowerThan() != null) {
        problems.add("analysis.judge.signals " + name + " takes no slowerThan (latency does)");
      }
    }
    return problems;
  }
}

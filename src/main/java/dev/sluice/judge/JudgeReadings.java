package dev.sluice.judge;

import java.util.Map;

/**
 * What a tick read for the judge, by signal name: the canary's and primary's counts over the last
 * interval (while checks are due), the primary's history (at the first step of a run), and why a
 * signal could not be read. A signal in none of the three was not read this tick.
 */
public record JudgeReadings(
    Map<String, IntervalCounts> intervals,
    Map<String, Baseline> baselines,
    Map<String, String> unreadable) {
  private static final JudgeReadings NONE = new JudgeReadings(Map.of(), Map.of(), Map.of());

  public JudgeReadings {
    intervals = Map.copyOf(intervals);
    baselines = Map.copyOf(baselines);
    unreadable = Map.copyOf(unreadable);
  }

  public static JudgeReadings none() {
    return NONE;
  }

  /** Counts of the last interval. */
  public static JudgeReadings ofIntervals(Map<String, IntervalCounts> intervals) {
    return new JudgeReadings(intervals, Map.of(), Map.of());
  }

  /** Baselines read from the primary's history. */
  public static JudgeReadings ofBaselines(Map<String, Baseline> baselines) {
    return new JudgeReadings(Map.of(), baselines, Map.of());
  }
}

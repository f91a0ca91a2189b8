package dev.sluice.judge;

import java.util.List;

/**
 * What the primary's history before a run says: its rate of bad requests, and how bursty they come,
 * as the dispersion {@code d} of a model where an interval's bad requests have variance {@code (1 +
 * d)} times their mean (0 for steady, Poisson errors).
 *
 * @param intervals the intervals of history read; 0 when none was
 * @param rate bad requests per request over the history
 * @param dispersion {@code d}, never negative
 */
public record Baseline(int intervals, double rate, double dispersion) {
  /** No history read. */
  public static final Baseline NONE = new Baseline(0, 0, 0);

  /**
   * Fewer intervals than this say too little about burstiness: the judge then learns it from the
   * run itself.
   */
  static final int ENOUGH_INTERVALS = 10;

  /**
   * The baseline of the primary's intervals before a run (each interval's requests and bad
   * requests; intervals without requests are left out): the pooled rate, and the dispersion from
   * Pearson's statistic, {@code d = max(0, X²/(k-1) - 1)}.
   */
  public static Baseline of(List<Counts> history) {
    List<Counts> served = history.stream().filter(c -> c.requests() > 0).toList();
    if (served.isEmpty()) {
      return NONE;
    }
    Counts total = served.stream().reduce(Counts.NONE, Counts::plus);
    double rate = total.rate();
    return new Baseline(served.size(), rate, dispersion(served, rate));
  }

  /**
   * The dispersion of k intervals from Pearson's {@code X² = Σ (x - n·p)² / (n·p)}: see {@link
   * #dispersion(double, int)}; 0 with fewer than two intervals or no bad request (nothing to tell
   * steady from bursty).
   */
  static double dispersion(List<Counts> intervals, double rate) {
    if (intervals.size() < 2 || rate <= 0) {
      return 0;
    }
    double pearson = 0;
    for (Counts c : intervals) {
      double expected = c.requests() * rate;
      double diff = c.bad() - expected;
      pearson += diff * diff / expected;
    }
    return dispersion(pearson, intervals.size() - 1);
  }

  /**
   * {@code X²/dof - 1} when Pearson's statistic shows burstiness, else 0. Steady errors give {@code
   * X²/dof} near 1 but rarely exactly: taken as it comes, that noise alone (a dispersion of 0.2
   * from an hour of steady history) would cost the judge most of its power against a broken canary
   * in the first interval. So a dispersion counts only when {@code X²} passes the 99th percentile
   * of the chi-squared distribution with {@code dof} degrees of freedom, which steady errors pass
   * once in a hundred histories.
   */
  public static double dispersion(double pearson, int dof) {
    if (dof < 1 || pearson <= chiSquared99(dof)) {
      return 0;
    }
    return Math.max(0, pearson / dof - 1);
  }

  /** The 99th percentile of chi-squared with {@code dof} degrees of freedom (Wilson–Hilferty). */
  static double chiSquared99(int dof) {
    double z = 2.3263478740408408;
    double v = 2.0 / (9.0 * dof);
    double cube = 1 - v + z * Math.sqrt(v);
    return dof * cube * cube * cube;
  }

  /** Whether the history was long enough to say how bursty the primary's bad requests are. */
  public boolean knowsBurstiness() {
    return intervals >= ENOUGH_INTERVALS;
  }
}

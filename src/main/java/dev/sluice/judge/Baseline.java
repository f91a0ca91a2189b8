package dev.sluice.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * What the primary's history before a run says: its rate of bad requests, whether they come in
 * bursts, and if so how far apart two versions' rates can drift in an interval by bursts alone.
 *
 * <p>Each interval of history has a multiplier, its rate over the pooled rate. Steady (Poisson)
 * errors vary by chance alone; when Pearson's statistic shows more than that (past chi-squared's
 * 99th percentile), the multipliers are shrunk towards 1 so that their spread is the excess over
 * chance (which the binomial already counts), and the ratio of two independent multipliers, {@code
 * m_i / m_j} over all pairs of intervals, is kept as a histogram of its logarithm: how much the
 * canary's rate may stand above or below the primary's in one interval when each version has bursts
 * of its own, as the primary's history had. Bursts that hit both versions at once cancel in the
 * canary's share of an interval's errors and need nothing of this.
 *
 * @param intervals the intervals of history read; 0 when none was
 * @param rate bad requests per request over the history
 * @param dispersion Pearson's {@code X²/dof - 1} when it shows bursts, else 0
 * @param ratios burst ratios (histogram centres); empty for steady errors or too short a history
 * @param weights the share of pairs at each ratio, summing to 1
 */
public record Baseline(
    int intervals, double rate, double dispersion, List<Double> ratios, List<Double> weights) {
  /** No history read. */
  public static final Baseline NONE = new Baseline(0, 0, 0, List.of(), List.of());

  /** Fewer intervals than this say too little about bursts: the judge then assumes none. */
  static final int ENOUGH_INTERVALS = 10;

  /** Bins of the histogram of log burst ratios. */
  static final int BINS = 24;

  /**
   * An interval without a single bad request has multiplier 0; as a ratio it is floored here, so
   * that one quiet interval does not stand for a burst of infinite size.
   */
  static final double SMALLEST_MULTIPLIER = 0.05;

  public Baseline {
    ratios = List.copyOf(ratios);
    weights = List.copyOf(weights);
    if (ratios.size() != weights.size()) {
      throw new IllegalArgumentException("one weight per ratio");
    }
  }

  /** The baseline of the primary's intervals before a run; intervals without requests left out. */
  public static Baseline of(List<Counts> history) {
    List<Counts> served = history.stream().filter(c -> c.requests() > 0).toList();
    if (served.isEmpty()) {
      return NONE;
    }
    Counts total = served.stream().reduce(Counts.NONE, Counts::plus);
    double rate = total.rate();
    if (served.size() < 2 || rate <= 0) {
      return new Baseline(served.size(), rate, 0, List.of(), List.of());
    }
    double pearson = 0;
    for (Counts c : served) {
      double expected = c.requests() * rate;
      double diff = c.bad() - expected;
      pearson += diff * diff / expected;
    }
    double dispersion = dispersion(pearson, served.size() - 1);
    if (dispersion == 0 || served.size() < ENOUGH_INTERVALS) {
      return new Baseline(served.size(), rate, dispersion, List.of(), List.of());
    }
    double phi = dispersion + 1;
    double shrink = Math.sqrt((phi - 1) / phi);
    double[] multipliers = new double[served.size()];
    for (int i = 0; i < multipliers.length; i++) {
      Counts c = served.get(i);
      double m = c.bad() / (c.requests() * rate);
      multipliers[i] = Math.max(SMALLEST_MULTIPLIER, 1 + shrink * (m - 1));
    }
    return histogram(served.size(), rate, dispersion, multipliers);
  }

  private static Baseline histogram(
      int intervals, double rate, double dispersion, double[] multipliers) {
    int n = multipliers.length;
    double[] logs = new double[n * (n - 1)];
    int k = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double v = Math.log(multipliers[i] / multipliers[j]);
          logs[k++] = v;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (hi - lo < 1e-9) {
      return new Baseline(intervals, rate, dispersion, List.of(), List.of());
    }
    long[] counts = new long[BINS];
    double width = (hi - lo) / BINS;
    for (double v : logs) {
      counts[Math.min(BINS - 1, (int) ((v - lo) / width))]++;
    }
    List<Double> ratios = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int b = 0; b < BINS; b++) {
      if (counts[b] > 0) {
        ratios.add(Math.exp(lo + (b + 0.5) * width));
        weights.add((double) counts[b] / logs.length);
      }
    }
    return new Baseline(intervals, rate, dispersion, ratios, weights);
  }

  /**
   * {@code X²/dof - 1} when Pearson's statistic shows bursts, else 0. Steady errors give {@code
   * X²/dof} near 1 but rarely exactly: taken as it comes, that noise alone would cost the judge
   * much of its power against a broken canary in the first interval. So bursts count only when
   * {@code X²} passes the 99th percentile of chi-squared with {@code dof} degrees of freedom, which
   * steady errors pass once in a hundred histories.
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

  /** Whether the history showed bursts the judge must allow for. */
  public boolean bursty() {
    return !ratios.isEmpty();
  }
}

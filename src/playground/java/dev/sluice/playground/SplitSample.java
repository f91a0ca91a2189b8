package dev.sluice.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * How many requests the {@link WeightedRouter} sent to the primary and to the canary while the
 * VirtualService gave the canary host {@code canaryWeight} percent.
 */
public record SplitSample(int canaryWeight, long primaryRequests, long canaryRequests) {

  /** Samples with fewer requests say too little about the split to be checked. */
  public static final long MINIMUM_REQUESTS = 200;

  public long requests() {
    return primaryRequests + canaryRequests;
  }

  /** The observed share of requests that went to the canary, 0..1 (0 for an empty sample). */
  public double canaryFraction() {
    return requests() == 0 ? 0 : (double) canaryRequests / requests();
  }

  /**
   * The samples whose split is off their weight by more than chance explains, one line each.
   *
   * <p>The rule: for every sample of at least {@value #MINIMUM_REQUESTS} requests, with {@code p =
   * canaryWeight / 100} and {@code n} requests, the observed canary fraction must lie within {@code
   * max(tolerance, 4 * sqrt(p * (1 - p) / n))} of {@code p}: four standard deviations of a binomial
   * proportion, which a fair weighted pick exceeds about once in 16,000 samples, or {@code
   * tolerance} when that is wider. At weight 0 or 100 the deviation is 0, so only {@code tolerance}
   * applies, and a fair pick never exceeds it.
   *
   * @param tolerance the smallest allowed difference between fractions, 0..1 (0.02 = 2 points)
   */
  public static List<String> violations(List<SplitSample> samples, double tolerance) {
    List<String> violations = new ArrayList<>();
    for (SplitSample sample : samples) {
      long n = sample.requests();
      if (n < MINIMUM_REQUESTS) {
        continue;
      }
      double expected = sample.canaryWeight() / 100.0;
      double allowed = Math.max(tolerance, 4 * Math.sqrt(expected * (1 - expected) / n));
      double observed = sample.canaryFraction();
      if (Math.abs(observed - expected) > allowed) {
        violations.add(
            "canary weight %d: %d of %d requests (%.1f%%) went to the canary, expected %d%% ± %.1f%%"
                .formatted(
                    sample.canaryWeight(),
                    sample.canaryRequests(),
                    n,
                    observed * 100,
                    sample.canaryWeight(),
                    allowed * 100));
      }
    }
    return violations;
  }
}

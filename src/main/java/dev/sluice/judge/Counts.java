package dev.sluice.judge;

/**
 * One workload's requests over an interval (or a run) and the bad ones among them: errors, or
 * requests slower than a bound.
 *
 * @param requests all requests
 * @param bad the bad ones; never more than requests
 */
public record Counts(long requests, long bad) {
  public static final Counts NONE = new Counts(0, 0);

  public Counts {
    if (requests < 0 || bad < 0) {
      throw new IllegalArgumentException("counts cannot be negative: " + requests + ", " + bad);
    }
    if (bad > requests) {
      throw new IllegalArgumentException(bad + " bad requests of " + requests);
    }
  }

  /**
   * Counts read as numbers from a metric provider: rounded (an {@code increase()} over a window
   * extrapolates to fractions), and bad capped at requests (the two series are read one after the
   * other and may disagree by a request or two).
   */
  public static Counts measured(double requests, double bad) {
    long all = Math.max(0, Math.round(requests));
    long failed = Math.max(0, Math.round(bad));
    return new Counts(all, Math.min(all, failed));
  }

  public Counts plus(Counts other) {
    return new Counts(requests + other.requests, bad + other.bad);
  }

  /** The share of bad requests; 0 without requests. */
  public double rate() {
    return requests == 0 ? 0 : (double) bad / requests;
  }
}

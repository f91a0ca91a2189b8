package dev.sluice.judge;

/** The counts of the canary and of the primary over the same interval: what the judge compares. */
public record IntervalCounts(Counts canary, Counts primary) {

  /** Whether the interval says anything: both workloads served requests. */
  public boolean hasTraffic() {
    return canary.requests() > 0 && primary.requests() > 0;
  }
}

package dev.sluice.traffic;

/**
 * Traffic split between primary and canary, in percent. {@code mirrored} sends a copy of the
 * primary's requests to the canary (blue/green with {@code analysis.mirror}).
 */
public record Routes(int primaryWeight, int canaryWeight, boolean mirrored) {

  public static Routes allToPrimary() {
    return new Routes(100, 0, false);
  }

  public static Routes weighted(int canaryWeight) {
    return new Routes(100 - canaryWeight, canaryWeight, false);
  }

  /**
   * This split, if it is one a router may write: both weights 0..100 and summing to 100. (A split
   * read back from a live object may be anything, so the record itself does not insist.)
   */
  public Routes requireValid() {
    if (primaryWeight < 0 || canaryWeight < 0 || primaryWeight + canaryWeight != 100) {
      throw new IllegalArgumentException(
          "weights must be 0..100 and sum to 100, got primary "
              + primaryWeight
              + " and canary "
              + canaryWeight);
    }
    return this;
  }
}

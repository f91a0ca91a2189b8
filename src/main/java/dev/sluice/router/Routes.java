package dev.sluice.router;

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
}

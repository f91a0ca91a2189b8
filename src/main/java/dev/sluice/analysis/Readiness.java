package dev.sluice.analysis;

/**
 * Whether a workload serves: ready, or not yet (with the reason), or failed for good (its rollout
 * exceeded the progress deadline, as the Deployment controller reports it).
 */
public record Readiness(boolean ready, boolean failed, String message) {

  public static Readiness isReady() {
    return new Readiness(true, false, "ready");
  }

  public static Readiness notReady(String message) {
    return new Readiness(false, false, message);
  }

  public static Readiness failed(String message) {
    return new Readiness(false, true, message);
  }
}

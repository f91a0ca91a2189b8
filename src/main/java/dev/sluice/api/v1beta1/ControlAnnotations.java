package dev.sluice.api.v1beta1;

/**
 * Annotations on a Canary through which people and Sluice's HTTP API act on a rollout without
 * editing its spec (GitOps tools revert spec edits; annotations they do not manage are kept). Their
 * state lives in the cluster, so a restarted controller sees exactly what was asked.
 */
public final class ControlAnnotations {
  private ControlAnnotations() {}

  /**
   * A one-off request: {@code promote}, {@code abort}, {@code pause}, {@code resume} or {@code
   * skip}, optionally followed by {@code /<id>} to tell repeated requests apart. The controller
   * records the value in {@code status.control.lastRequest} when it handles it, then removes the
   * annotation.
   */
  public static final String REQUEST = "sluice.dev/request";

  /** {@code open} when the canary's manual gate (Sluice's {@code /gate/*}) is open. */
  public static final String GATE = "sluice.dev/gate";

  /** {@code open} when the canary's rollback gate (Sluice's {@code /rollback/*}) is open. */
  public static final String ROLLBACK_GATE = "sluice.dev/rollback-gate";

  /** The value of an open gate. */
  public static final String OPEN = "open";
}

package dev.sluice.kube;

/** An object the canary needs is not in the cluster (yet): the tick reports it and waits. */
public class MissingObjectException extends RuntimeException {
  private final String reason;

  public MissingObjectException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason, e.g. {@code TargetNotFound}. */
  public String reason() {
    return reason;
  }
}

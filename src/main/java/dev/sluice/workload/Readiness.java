package dev.sluice.workload;

/**
 * Whether a workload can take traffic. {@link NotReady} is worth waiting for; {@link Failed} will
 * not recover by itself and rolls the run back.
 */
public sealed interface Readiness {

  record Ready() implements Readiness {}

  /** Still rolling out; {@code reason} is readable, e.g. "2 of 3 updated replicas available". */
  record NotReady(String reason) implements Readiness {}

  /** Stuck past its progress deadline. */
  record Failed(String reason) implements Readiness {}

  static Readiness ready() {
    return new Ready();
  }

  default boolean isReady() {
    return this instanceof Ready;
  }

  default boolean isFailed() {
    return this instanceof Failed;
  }

  /** Readable state: "ready", or the reason it is not. */
  default String message() {
    if (this instanceof NotReady notReady) {
      return notReady.reason();
    }
    if (this instanceof Failed failed) {
      return failed.reason();
    }
    return "ready";
  }
}

package dev.sluice.outbound;

import java.time.Duration;

/**
 * What one outgoing call may take: a total deadline (connect, headers and the whole body) and the
 * most bytes of the answer's body it reads.
 */
public record Bounds(Duration deadline, long maxAnswerBytes) {
  public Bounds {
    if (deadline == null || deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("a deadline must be positive, got " + deadline);
    }
    if (maxAnswerBytes <= 0) {
      throw new IllegalArgumentException("an answer cap must be positive, got " + maxAnswerBytes);
    }
  }

  /** The deadline as people write it: {@code 10s}, or {@code 1500ms} when not whole seconds. */
  public String shownDeadline() {
    return deadline.toMillis() % 1000 == 0
        ? deadline.toSeconds() + "s"
        : deadline.toMillis() + "ms";
  }
}

package dev.sluice.outbound;

import java.io.IOException;

/**
 * The answer's body passed the call's cap; what was read is dropped and the request was cancelled
 * (its connection reset). Keeps the status line that came before the body.
 */
public final class AnswerTooLargeException extends IOException {
  private final int status;

  public AnswerTooLargeException(int status, long maxAnswerBytes) {
    super("answer larger than " + maxAnswerBytes + " bytes (HTTP " + status + ")");
    this.status = status;
  }

  /** The status of the answer that was too large. */
  public int status() {
    return status;
  }
}

package dev.sluice.outbound;

import java.util.concurrent.TimeoutException;

/**
 * No complete answer came within the call's total deadline; the request was cancelled (its
 * connection reset). A {@link TimeoutException}, so that callers that classify timeouts see one.
 */
public final class DeadlineExceededException extends TimeoutException {
  public DeadlineExceededException(Bounds bounds) {
    super("no complete answer within " + bounds.shownDeadline());
  }
}

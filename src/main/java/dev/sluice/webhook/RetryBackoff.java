package dev.sluice.webhook;

import java.time.Duration;

/**
 * Waits between two attempts of one webhook: {@code min × 2^(attempt-1)}, at most {@code max}; a
 * receiver's {@code Retry-After} in seconds replaces it, still at most {@code max}.
 */
record RetryBackoff(Duration min, Duration max) {
  /** go-retryablehttp's defaults, which Flagger uses. */
  static final RetryBackoff FLAGGER =
      new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  Duration delay(int attempt, String retryAfter) {
    if (retryAfter != null) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
        return asked.isNegative() ? min : (asked.compareTo(max) > 0 ? max : asked);
      } catch (NumberFormatException e) {
        // an HTTP date or garbage: fall back to the exponential wait
      }
    }
    long factor = 1L << Math.min(30, Math.max(0, attempt - 1));
    Duration exponential = min.multipliedBy(factor);
    return exponential.compareTo(max) > 0 ? max : exponential;
  }
}

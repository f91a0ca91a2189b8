package dev.sluice.notify;

import dev.sluice.analysis.Severity;

/**
 * Which notifications an alert receives. Flagger documents {@code severity} as the minimum level an
 * alert wants: {@code info} gets everything, {@code warn} gets warnings and errors, {@code error}
 * only errors; empty means {@code info}.
 *
 * <p>Flagger's own code (pkg/controller/events.go) inverts the warn/error pair (a warn-level
 * message reaches an error-level alert and an error-level message skips a warn-level alert); Sluice
 * follows the documentation, not that bug.
 */
public final class SeverityFilter {
  private SeverityFilter() {}

  /**
   * @param notification the severity of the message to send
   * @param alertSeverity the alert's {@code severity} field as written (null/blank = info)
   * @return true when the message is at least as severe as the alert's threshold; false for an
   *     unknown threshold, which the controller reports as a validation error rather than guessing
   */
  public static boolean shouldSend(Severity notification, String alertSeverity) {
    return Severity.parse(alertSeverity)
        .map(threshold -> notification.compareTo(threshold) >= 0)
        .orElse(false);
  }
}

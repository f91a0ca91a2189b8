package dev.sluice.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes Event (and log line) a decision asks for, and whether people hear of it in chat.
 *
 * @param alert the severity it is sent to the canary's alerts with; null when it is not sent
 * @param details facts shown with the notification, in order (failing metric values, the target)
 */
public record EventNote(
    boolean warning, String reason, String message, Severity alert, Map<String, String> details) {

  public EventNote {
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
    details =
        details == null || details.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static EventNote normal(String reason, String message) {
    return new EventNote(false, reason, message, null, Map.of());
  }

  public static EventNote warning(String reason, String message) {
    return new EventNote(true, reason, message, null, Map.of());
  }

  /** The same note, also sent to chat at this severity. */
  public EventNote alert(Severity severity) {
    return new EventNote(warning, reason, message, severity, details);
  }

  /** The same note with these facts for the notification (kept in insertion order). */
  public EventNote withDetails(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.putAll(more);
    return new EventNote(warning, reason, message, alert, all);
  }
}

package dev.sluice.analysis;

/** A Kubernetes Event (and log line) a decision asks for. */
public record EventNote(boolean warning, String reason, String message) {

  public static EventNote normal(String reason, String message) {
    return new EventNote(false, reason, message);
  }

  public static EventNote warning(String reason, String message) {
    return new EventNote(true, reason, message);
  }
}

package dev.sluice.analysis;

import java.util.Locale;
import java.util.Optional;

/** Severity of a notification and threshold of an alert, ordered {@code info < warn < error}. */
public enum Severity {
  INFO,
  WARN,
  ERROR;

  /** The lower-case name Flagger's API uses ({@code info}, {@code warn}, {@code error}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an alert's {@code severity}: null or blank is {@code info}, as Flagger documents.
   *
   * @return empty for anything other than info, warn, error (case-insensitive)
   */
  public static Optional<Severity> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(INFO);
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "info" -> Optional.of(INFO);
      case "warn" -> Optional.of(WARN);
      case "error" -> Optional.of(ERROR);
      default -> Optional.empty();
    };
  }
}

package dev.sluice.api.v1beta1;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Flagger's manifests write them, in Go's syntax: {@code 1m30s}, {@code 500ms}. */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /** Parses a Go duration; throws IllegalArgumentException when it is not one. */
  public static Duration parse(String text) {
    Matcher matcher = PART.matcher(text.trim());
    long nanos = 0;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      double value = Double.parseDouble(matcher.group(1));
      nanos += (long) (value * unitNanos(matcher.group(2)));
      end = matcher.end();
    }
    if (end == 0 || end != text.trim().length()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return Duration.ofNanos(nanos);
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }
}

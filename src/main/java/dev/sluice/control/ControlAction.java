package dev.sluice.control;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A one-off request on a canary, written to {@link ControlAnnotations#REQUEST} as {@code
 * <action>/<id>}; the controller carries it out and removes the annotation.
 */
public enum ControlAction {
  PROMOTE,
  ABORT,
  PAUSE,
  RESUME,
  SKIP;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The action's name as it appears in URLs and in the annotation. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action named {@code value} (lower case, as in URLs), if there is one. */
  public static Optional<ControlAction> parse(String value) {
    return Arrays.stream(values()).filter(a -> a.value().equals(value)).findFirst();
  }

  /** Every action's name, comma-separated, for error messages. */
  public static String valid() {
    return Arrays.stream(values()).map(ControlAction::value).collect(Collectors.joining(", "));
  }

  /**
   * The annotation value of a new request: {@code <action>/<id>}, the id being the time in base 36
   * and a random suffix, so that two requests for the same action are told apart even within one
   * millisecond or from two replicas.
   */
  public String newRequest(long epochMillis) {
    String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return value()
        + "/"
        + Long.toString(epochMillis, 36)
        + "-"
        + suffix.substring(0, Math.min(6, suffix.length()));
  }
}

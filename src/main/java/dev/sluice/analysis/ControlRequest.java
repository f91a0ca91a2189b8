package dev.sluice.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A request a person made of a run through the {@code sluice.dev/request} annotation: an action and
 * the annotation's value as written, which identifies the request so it is handled once.
 *
 * @param action what is asked; null when the value names no action (reported, then dropped)
 * @param value the annotation's value, e.g. {@code promote/l3x9k2}
 */
public record ControlRequest(Action action, String value) {

  /** What a person can ask of a run. */
  public enum Action {
    /** Promote now, skipping the remaining steps, checks and gates. */
    PROMOTE,
    /** Roll back now. */
    ABORT,
    /** Hold the run where it is: no step, no check, no deadline. */
    PAUSE,
    /** End a pause. */
    RESUME,
    /** Go on stepping, but check no metric and call no rollout or pre-rollout hook. */
    SKIP;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The action named exactly {@code word} (lower case, as in URLs and annotations). */
    public static Optional<Action> named(String word) {
      return Arrays.stream(values()).filter(a -> a.wireName().equals(word)).findFirst();
    }

    /** Every action's name, comma-separated, for error messages. */
    public static String valid() {
      return String.join(", ", Arrays.stream(values()).map(Action::wireName).toList());
    }

    /**
     * The annotation value of a new request: {@code <action>/<id>}, the id being the time in base
     * 36 and a random suffix, so that two requests for the same action are told apart even within
     * one millisecond or from two replicas.
     */
    public String newRequest(long epochMillis) {
      String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
      return wireName()
          + "/"
          + Long.toString(epochMillis, 36)
          + "-"
          + suffix.substring(0, Math.min(6, suffix.length()));
    }
  }

  /** Reads an annotation value: the action is the part before the first {@code /}. */
  public static Optional<ControlRequest> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String word = value.strip().split("/", 2)[0].toLowerCase(Locale.ROOT);
    Action action =
        Arrays.stream(Action.values())
            .filter(a -> a.wireName().equals(word))
            .findFirst()
            .orElse(null);
    return Optional.of(new ControlRequest(action, value.strip()));
  }
}

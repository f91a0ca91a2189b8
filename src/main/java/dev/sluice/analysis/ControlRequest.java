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

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
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

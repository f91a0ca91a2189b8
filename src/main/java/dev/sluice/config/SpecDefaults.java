package dev.sluice.config;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.GoDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * What a Canary's spec means where it says nothing, in one place: the provider, the analysis
 * interval (and its minimum) and the progress deadline, each from the spec or else from the
 * controller's settings. Every reader (validation, scheduling, ticks, deletion, render) asks here,
 * so that no two of them can disagree on a canary's effective values.
 */
public final class SpecDefaults {
  /**
   * The longest analysis interval: a canary ticks at least daily. A longer one (often a typo, such
   * as {@code 60h} for {@code 60s}) would park a run for days per step.
   */
  public static final Duration MAX_INTERVAL = Duration.ofHours(24);

  private SpecDefaults() {}

  /**
   * {@code spec.provider}, else {@code sluice.mesh-provider} (Flagger's {@code -mesh-provider}).
   */
  public static String provider(CanarySpec spec, SluiceConfig config) {
    return spec.getProvider() == null || spec.getProvider().isBlank()
        ? config.meshProvider()
        : spec.getProvider();
  }

  /**
   * {@code analysis.interval}, else {@code sluice.default-interval}.
   *
   * @throws IllegalArgumentException when the interval is not a Go duration
   */
  public static Duration interval(CanaryAnalysis analysis, SluiceConfig config) {
    String interval = analysis.getInterval();
    return interval == null || interval.isBlank()
        ? config.defaultInterval()
        : GoDuration.parse(interval);
  }

  /**
   * Why the analysis interval is refused: unreadable, below {@code sluice.min-interval} or above
   * {@link #MAX_INTERVAL}; empty when it is accepted.
   */
  public static Optional<String> intervalProblem(CanaryAnalysis analysis, SluiceConfig config) {
    Duration interval;
    try {
      interval = interval(analysis, config);
    } catch (IllegalArgumentException e) {
      return Optional.of("analysis.interval " + analysis.getInterval() + " is not a duration");
    }
    if (interval.compareTo(config.minInterval()) < 0) {
      return Optional.of(
          "analysis.interval "
              + analysis.getInterval()
              + " is below the minimum of "
              + config.minInterval().toSeconds()
              + "s");
    }
    if (interval.compareTo(MAX_INTERVAL) > 0) {
      return Optional.of(
          "analysis.interval "
              + analysis.getInterval()
              + " is above the maximum of "
              + MAX_INTERVAL.toHours()
              + "h");
    }
    return Optional.empty();
  }

  /** {@code progressDeadlineSeconds}, else {@code sluice.default-progress-deadline}. */
  public static Duration progressDeadline(CanarySpec spec, SluiceConfig config) {
    Integer seconds = spec.getProgressDeadlineSeconds();
    return seconds == null ? config.defaultProgressDeadline() : Duration.ofSeconds(seconds);
  }
}

package dev.sluice.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a tick may wait on its calls, as {@code sluice.tick-deadline}: a mapping of its own, so
 * the key sits beside the other {@code sluice.} keys without touching {@link
 * dev.sluice.config.SluiceConfig}. See the README.
 */
@ConfigMapping(prefix = "sluice")
public interface TickConfig {

  /**
   * What all the calls of one tick (metric queries, webhooks, the pre-flight) may take together;
   * what has not answered by then is cancelled and counts as unanswered.
   */
  @WithDefault("5m")
  Duration tickDeadline();
}

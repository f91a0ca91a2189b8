package dev.sluice.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a canary's scheduled ticks at least half an interval apart. Quartz fires a tick that was
 * held up (a busy pool, a long previous tick of the same canary) as soon as it can and the next one
 * on schedule, so two ticks could judge the same metric window within a second and count two failed
 * checks for one. Go's ticker, which Flagger uses, drops such ticks; so does this. Memory only: it
 * paces, it holds no state of the rollout, and after a restart the first tick always runs.
 */
final class TickPacing {
  private final Map<String, Instant> lastStart = new ConcurrentHashMap<>();

  /**
   * Whether a scheduled tick of {@code key} may start now; if so, it counts as started.
   *
   * @param interval the canary's analysis interval
   */
  boolean admit(String key, Instant now, Duration interval) {
    Instant previous = lastStart.get(key);
    if (previous != null && Duration.between(previous, now).compareTo(interval.dividedBy(2)) < 0) {
      return false;
    }
    lastStart.put(key, now);
    return true;
  }

  /** Forgets a canary that is gone. */
  void forget(String key) {
    lastStart.remove(key);
  }
}

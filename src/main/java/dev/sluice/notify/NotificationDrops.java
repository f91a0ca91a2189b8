package dev.sluice.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/**
 * Counts the sends a canary's full lane dropped ({@link PerCanaryExecutor}), as {@code
 * sluice_notifications_dropped_total{channel, namespace, name}}: a drop is logged once per burst,
 * so the count is where an operator sees how many.
 */
final class NotificationDrops {
  static final String METER = "sluice_notifications_dropped";
  static final String CHAT = "chat";
  static final String EVENT_WEBHOOK = "event-webhook";

  private NotificationDrops() {}

  /** Counts a drop of the canary {@code namespace/name} that it is told, in {@code channel}. */
  static Consumer<String> counter(MeterRegistry registry, String channel) {
    return key -> {
      int slash = key.indexOf('/');
      Counter.builder(METER)
          .description("Notifications dropped because the canary's queue was full")
          .tag("channel", channel)
          .tag("namespace", key.substring(0, Math.max(0, slash)))
          .tag("name", key.substring(slash + 1))
          .register(registry)
          .increment();
    };
  }

  /** Removes a deleted canary's counts. */
  static void forget(MeterRegistry registry, String namespace, String name) {
    registry
        .find(METER)
        .tag("namespace", namespace)
        .tag("name", name)
        .meters()
        .forEach(registry::remove);
  }
}

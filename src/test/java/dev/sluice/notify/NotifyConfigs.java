package dev.sluice.notify;

import java.time.Duration;
import java.util.Optional;

/** Hand-built {@link NotifyConfig} and {@link EventWebhookConfig} for tests without Quarkus. */
final class NotifyConfigs {
  private NotifyConfigs() {}

  record Default(
      Optional<String> type,
      Optional<String> address,
      Optional<String> channel,
      Optional<String> username,
      Optional<String> proxy)
      implements NotifyConfig.DefaultNotifier {
    static final Default OFF = of(null, null, null, null, null);

    static Default of(String type, String address, String channel, String username, String proxy) {
      return new Default(
          Optional.ofNullable(type),
          Optional.ofNullable(address),
          Optional.ofNullable(channel),
          Optional.ofNullable(username),
          Optional.ofNullable(proxy));
    }
  }

  record Notify(String template, String cluster, Default fallback, int threads, int capacity)
      implements NotifyConfig {
    static Notify with(Default fallback) {
      return new Notify(MessageTemplate.DEFAULT, null, fallback, 2, 100);
    }

    @Override
    public Optional<String> clusterName() {
      return Optional.ofNullable(cluster);
    }

    @Override
    public DefaultNotifier defaultNotifier() {
      return fallback;
    }

    @Override
    public int queueCapacity() {
      return capacity;
    }

    @Override
    public Duration eventHookMaxTimeout() {
      return Duration.ofSeconds(10);
    }

    @Override
    public int eventHookMaxRetries() {
      return 2;
    }

    @Override
    public Duration shutdownGrace() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Duration timeout() {
      return NotificationTransport.DEFAULT_TIMEOUT;
    }

    @Override
    public long maxAnswerBytes() {
      return NotificationTransport.DEFAULT_MAX_ANSWER_BYTES;
    }
  }

  static EventWebhookConfig eventWebhook(String url) {
    return () -> Optional.ofNullable(url);
  }
}

package dev.sluice.notify;

import dev.sluice.analysis.Severity;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Rocket.Chat incoming webhook: Rocket.Chat accepts Slack's attachment format; colors are hex as
 * Flagger sends them (blue for info, red for error) with orange for warnings.
 */
public final class RocketNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;
  private final String channel;
  private final String username;

  public RocketNotifier(
      NotificationTransport transport,
      ProviderCredentials credentials,
      String channel,
      String username) {
    this.transport = transport;
    this.credentials = credentials;
    this.channel = channel;
    this.username = username;
  }

  static String color(Severity severity) {
    return switch (severity) {
      case INFO -> "#0076D7";
      case WARN -> "#FFA500";
      case ERROR -> "#FF0000";
    };
  }

  JsonObject payload(Notification n) {
    return SlackPayload.build(n, channel, username, color(n.severity()), ChatMarkup::rocket);
  }

  @Override
  public NotifyResult post(Notification n) {
    return transport.postJson(
        "rocket", credentials.address(), credentials.proxy(), Map.of(), payload(n));
  }
}

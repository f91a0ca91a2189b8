package dev.sluice.notify;

import dev.sluice.analysis.Severity;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Slack: an incoming webhook, or {@code chat.postMessage} with a bot token from the Secret's {@code
 * token} key (sent as {@code Authorization: Bearer}). Colors are Slack's named ones.
 */
public final class SlackNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;
  private final String channel;
  private final String username;

  public SlackNotifier(
      NotificationTransport transport,
      ProviderCredentials credentials,
      String channel,
      String username) {
    this.transport = transport;
    this.credentials = credentials;
    this.channel = channel;
    this.username = username;
  }

  JsonObject payload(Notification n) {
    return SlackPayload.build(n, channel, username, color(n.severity()), ChatMarkup::slack);
  }

  static String color(Severity severity) {
    return switch (severity) {
      case INFO -> "good";
      case WARN -> "warning";
      case ERROR -> "danger";
    };
  }

  @Override
  public NotifyResult post(Notification n) {
    Map<String, String> headers =
        credentials.token() == null
            ? Map.of()
            : Map.of("Authorization", "Bearer " + credentials.token());
    return transport.postJson(
        "slack", credentials.address(), credentials.proxy(), headers, payload(n));
  }
}

package dev.sluice.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Discord through its Slack-compatible endpoint ({@code <webhook>/slack}), as Flagger does: the
 * same payload as Slack, and {@code /slack} appended to the address unless it is already there.
 */
public final class DiscordNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;
  private final String channel;
  private final String username;

  public DiscordNotifier(
      NotificationTransport transport,
      ProviderCredentials credentials,
      String channel,
      String username) {
    this.transport = transport;
    this.credentials = credentials;
    this.channel = channel;
    this.username = username;
  }

  /** {@code https://discord.com/api/webhooks/1/x} becomes {@code .../1/x/slack}; query kept. */
  static String slackEndpoint(String address) {
    String base = address.strip();
    String query = "";
    int q = base.indexOf('?');
    if (q >= 0) {
      query = base.substring(q);
      base = base.substring(0, q);
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return (base.endsWith("/slack") ? base : base + "/slack") + query;
  }

  JsonObject payload(Notification n) {
    // allowed_mentions is Discord's own switch: no mention pings, whatever the text says
    return SlackPayload.build(
            n, channel, username, SlackNotifier.color(n.severity()), ChatMarkup::discord)
        .put("allowed_mentions", new JsonObject().put("parse", new JsonArray()));
  }

  @Override
  public NotifyResult post(Notification n) {
    return transport.postJson(
        "discord", slackEndpoint(credentials.address()), credentials.proxy(), Map.of(), payload(n));
  }
}

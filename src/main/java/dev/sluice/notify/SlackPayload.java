package dev.sluice.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;

/**
 * Slack's incoming-webhook message with one attachment: the format Flagger sends to Slack, to
 * Discord's Slack-compatible endpoint and to Rocket.Chat, which all accept it.
 */
final class SlackPayload {
  private SlackPayload() {}

  /**
   * @param escape the service's escape of text from the canary (see {@link ChatMarkup})
   */
  static JsonObject build(
      Notification n, String channel, String username, String color, UnaryOperator<String> escape) {
    JsonArray fields = new JsonArray();
    n.fields()
        .forEach(
            f ->
                fields.add(
                    new JsonObject()
                        .put("title", escape.apply(f.name()))
                        .put("value", escape.apply(f.value()))
                        .put("short", false)));
    JsonObject attachment =
        new JsonObject()
            .put("color", color)
            .put("author_name", n.subject())
            .put("text", escape.apply(n.message()))
            .put("mrkdwn_in", new JsonArray().add("text"))
            .put("fields", fields);
    return new JsonObject()
        .put("channel", channel)
        .put("username", username)
        .put("icon_emoji", ":rocket:")
        .put("attachments", new JsonArray().add(attachment));
  }
}

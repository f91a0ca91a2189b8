package dev.sluice.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Slack's incoming-webhook message with one attachment: the format Flagger sends to Slack, to
 * Discord's Slack-compatible endpoint and to Rocket.Chat, which all accept it.
 */
final class SlackPayload {
  private SlackPayload() {}

  static JsonObject build(Notification n, String channel, String username, String color) {
    JsonArray fields = new JsonArray();
    n.fields()
        .forEach(
            f ->
                fields.add(
                    new JsonObject()
                        .put("title", f.name())
                        .put("value", f.value())
                        .put("short", false)));
    JsonObject attachment =
        new JsonObject()
            .put("color", color)
            .put("author_name", n.subject())
            .put("text", n.message())
            .put("mrkdwn_in", new JsonArray().add("text"))
            .put("fields", fields);
    return new JsonObject()
        .put("channel", channel)
        .put("username", username)
        .put("icon_emoji", ":rocket:")
        .put("attachments", new JsonArray().add(attachment));
  }
}

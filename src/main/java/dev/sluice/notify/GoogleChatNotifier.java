package dev.sluice.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Google Chat incoming webhook with a card as Flagger sends it: a header naming the canary, one
 * section with the message and one section per field. Text is HTML-escaped ({@link ChatMarkup})
 * because Google Chat renders a subset of HTML in {@code textParagraph}.
 */
public final class GoogleChatNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;

  public GoogleChatNotifier(NotificationTransport transport, ProviderCredentials credentials) {
    this.transport = transport;
    this.credentials = credentials;
  }

  JsonObject payload(Notification n) {
    JsonArray sections = new JsonArray();
    sections.add(
        paragraph(
            "<font color=#848484><strong>"
                + ChatMarkup.googleChat(n.message())
                + "</strong></font>"));
    n.fields()
        .forEach(
            f ->
                sections.add(
                    paragraph(
                        ChatMarkup.googleChat(f.name())
                            + "<br><font color=#848484><strong>"
                            + ChatMarkup.googleChat(f.value())
                            + "</strong></font>")));
    JsonObject header = new JsonObject().put("title", "Sluice").put("subtitle", n.subject());
    JsonObject card = new JsonObject().put("header", header).put("sections", sections);
    return new JsonObject().put("cards", new JsonArray().add(card));
  }

  private static JsonObject paragraph(String html) {
    return new JsonObject()
        .put(
            "widgets",
            new JsonArray()
                .add(new JsonObject().put("textParagraph", new JsonObject().put("text", html))));
  }

  @Override
  public NotifyResult post(Notification n) {
    return transport.postJson(
        "gchat", credentials.address(), credentials.proxy(), Map.of(), payload(n));
  }
}

package dev.sluice.notify;

import dev.sluice.analysis.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Microsoft Teams incoming webhook with a legacy {@code MessageCard}, the format Flagger sends:
 * title = message, subtitle = {@code name.namespace}, facts = fields, theme color by severity.
 */
public final class MsTeamsNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;

  public MsTeamsNotifier(NotificationTransport transport, ProviderCredentials credentials) {
    this.transport = transport;
    this.credentials = credentials;
  }

  static String themeColor(Severity severity) {
    return switch (severity) {
      case INFO -> "0076D7";
      case WARN -> "FFA500";
      case ERROR -> "FF0000";
    };
  }

  JsonObject payload(Notification n) {
    JsonArray facts = new JsonArray();
    n.fields()
        .forEach(
            f ->
                facts.add(
                    new JsonObject()
                        .put("name", ChatMarkup.teams(f.name()))
                        .put("value", ChatMarkup.teams(f.value()))));
    JsonObject section =
        new JsonObject()
            .put("activityTitle", ChatMarkup.teams(n.message()))
            .put("activitySubtitle", n.subject())
            .put("facts", facts);
    return new JsonObject()
        .put("@type", "MessageCard")
        .put("@context", "http://schema.org/extensions")
        .put("themeColor", themeColor(n.severity()))
        .put("summary", n.subject())
        .put("sections", new JsonArray().add(section));
  }

  @Override
  public NotifyResult post(Notification n) {
    return transport.postJson(
        "msteams", credentials.address(), credentials.proxy(), Map.of(), payload(n));
  }
}

package dev.sluice.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A generic JSON webhook (a Sluice addition, type {@code webhook}): the notification as plain JSON,
 * with a bearer token when the Secret has a {@code token}.
 *
 * <pre>{"name","namespace","phase","severity","message","fields":[{"name","value"}]}</pre>
 */
public final class WebhookNotifier implements Notifier {
  private final NotificationTransport transport;
  private final ProviderCredentials credentials;

  public WebhookNotifier(NotificationTransport transport, ProviderCredentials credentials) {
    this.transport = transport;
    this.credentials = credentials;
  }

  JsonObject payload(Notification n) {
    JsonArray fields = new JsonArray();
    n.fields()
        .forEach(f -> fields.add(new JsonObject().put("name", f.name()).put("value", f.value())));
    return new JsonObject()
        .put("name", n.canaryName())
        .put("namespace", n.namespace())
        .put("phase", n.phase())
        .put("severity", n.severity().wireName())
        .put("message", n.message())
        .put("fields", fields);
  }

  @Override
  public NotifyResult post(Notification n) {
    Map<String, String> headers =
        credentials.token() == null
            ? Map.of()
            : Map.of("Authorization", "Bearer " + credentials.token());
    return transport.postJson(
        "webhook", credentials.address(), credentials.proxy(), headers, payload(n));
  }
}

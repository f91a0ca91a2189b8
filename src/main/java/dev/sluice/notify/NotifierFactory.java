package dev.sluice.notify;

import dev.sluice.api.v1beta1.AlertProviderSpec;
import java.util.List;
import java.util.Locale;

/** Builds the {@link Notifier} for an AlertProvider's {@code type}. */
public final class NotifierFactory {
  /** The AlertProvider types Sluice can post to. */
  public static final List<String> SUPPORTED_TYPES =
      List.of("slack", "msteams", "discord", "rocket", "gchat", "webhook");

  /** Flagger's defaults when {@code username} / {@code channel} are empty. */
  public static final String DEFAULT_USERNAME = "flagger";

  public static final String DEFAULT_CHANNEL = "general";

  private final NotificationTransport transport;

  public NotifierFactory(NotificationTransport transport) {
    this.transport = transport;
  }

  /** As {@link #forProvider(AlertProviderSpec, ProviderCredentials)} without a token. */
  public Notifier forProvider(AlertProviderSpec spec, String address, String proxy) {
    return forProvider(spec, new ProviderCredentials(address, proxy, null));
  }

  /**
   * @param spec the AlertProvider spec ({@code type}, {@code channel}, {@code username})
   * @param credentials the address, proxy and token after {@link ProviderCredentials#resolve}
   * @return the notifier for the type, or an {@link InvalidProviderNotifier} whose every post fails
   *     with the reason (unknown type, missing address); never a silent no-op
   */
  public Notifier forProvider(AlertProviderSpec spec, ProviderCredentials credentials) {
    String type = spec.getType() == null ? "" : spec.getType().strip().toLowerCase(Locale.ROOT);
    if (credentials == null || credentials.address() == null || credentials.address().isBlank()) {
      return new InvalidProviderNotifier("AlertProvider of type '" + type + "' has no address");
    }
    String channel = orDefault(spec.getChannel(), DEFAULT_CHANNEL);
    String username = orDefault(spec.getUsername(), DEFAULT_USERNAME);
    return switch (type) {
      case "slack" -> new SlackNotifier(transport, credentials, channel, username);
      case "discord" -> new DiscordNotifier(transport, credentials, channel, username);
      case "rocket" -> new RocketNotifier(transport, credentials, channel, username);
      case "msteams" -> new MsTeamsNotifier(transport, credentials);
      case "gchat" -> new GoogleChatNotifier(transport, credentials);
      case "webhook" -> new WebhookNotifier(transport, credentials);
      default ->
          new InvalidProviderNotifier(
              "unsupported AlertProvider type '"
                  + spec.getType()
                  + "'; supported: "
                  + String.join(", ", SUPPORTED_TYPES));
    };
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}

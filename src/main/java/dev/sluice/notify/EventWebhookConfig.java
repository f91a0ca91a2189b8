package dev.sluice.notify;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Flagger's {@code -event-webhook} flag as {@code sluice.event-webhook}. A mapping of its own, so
 * the key keeps Flagger's shape without touching {@link dev.sluice.config.SluiceConfig}.
 */
@ConfigMapping(prefix = "sluice")
public interface EventWebhookConfig {

  /** URL that gets every event of canaries that have no {@code event} webhook of their own. */
  Optional<String> eventWebhook();
}

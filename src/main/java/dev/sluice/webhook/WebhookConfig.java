package dev.sluice.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook calls; each hook's own {@code timeout} is its total deadline. See the README. */
@ConfigMapping(prefix = "sluice.webhook")
public interface WebhookConfig {

  /**
   * Bytes of a receiver's answer read at most; a longer answer fails the call and its connection is
   * closed. Only a shortened body is ever shown, so this bounds memory, not what users see.
   */
  @WithDefault("1048576")
  long maxAnswerBytes();
}

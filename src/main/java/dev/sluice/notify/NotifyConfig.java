package dev.sluice.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Chat notifications: message template, global default notifier, queues; see the README. */
@ConfigMapping(prefix = "sluice.notify")
public interface NotifyConfig {

  /** Text of every chat message; placeholders as in {@link MessageTemplate}. */
  @WithDefault(MessageTemplate.DEFAULT)
  String template();

  /** Shown as a {@code Cluster} field of every message and as {@code {cluster}}; Flagger's flag. */
  Optional<String> clusterName();

  /** Where canaries without {@code analysis.alerts} send to; off without an address. */
  @WithName("default")
  DefaultNotifier defaultNotifier();

  /** Sends that run at once, per queue (chat notifications, event webhooks), across canaries. */
  @WithDefault("4")
  int threads();

  /** Sends that may wait per queue; beyond it a send is dropped with a warning. */
  @WithDefault("1000")
  int queueCapacity();

  /**
   * Total deadline of one chat post (connect to last byte); the request is cancelled when it
   * passes.
   */
  @WithDefault("10s")
  Duration timeout();

  /** Bytes of a chat service's answer read at most; a longer answer fails the post. */
  @WithDefault("1048576")
  long maxAnswerBytes();

  /** How long queued sends may still run at shutdown. */
  @WithDefault("5s")
  Duration shutdownGrace();

  /** Flagger's {@code -slack-url}, {@code -slack-channel}, ... flags, for any chat type. */
  interface DefaultNotifier {

    /** slack, msteams, discord, rocket, gchat or webhook; slack when empty (Flagger's default). */
    Optional<String> type();

    /** Webhook address (a secret: logged with scheme and host only). */
    Optional<String> address();

    Optional<String> channel();

    Optional<String> username();

    Optional<String> proxy();
  }
}

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

  /**
   * Sends of one canary that may wait behind the one under way, per channel (chat, event webhooks);
   * one more drops that canary's oldest waiting send, never another canary's.
   */
  @WithDefault("100")
  int queueCapacity();

  /**
   * Longest timeout of one event webhook attempt: a hook's own {@code timeout} above it (or
   * Flagger's 5s when it names none) is cut to it. Event hooks report; they must not hold their
   * canary's later messages for minutes.
   */
  @WithDefault("10s")
  Duration eventHookMaxTimeout();

  /** Most retries of an event webhook; a hook's own {@code retries} above it is cut to it. */
  @WithDefault("2")
  int eventHookMaxRetries();

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

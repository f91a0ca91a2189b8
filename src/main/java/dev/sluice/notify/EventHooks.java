package dev.sluice.notify;

import dev.sluice.analysis.EventNote;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.webhook.WebhookClient;
import dev.sluice.webhook.WebhookPayload;
import dev.sluice.webhook.WebhookResult;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Flagger's event webhooks: every recorded event is POSTed to each {@code event} webhook of the
 * canary, or, when it has none, to the global {@code sluice.event-webhook} (Flagger's {@code
 * -event-webhook}; a canary's own event hooks replace it, as in Flagger). The payload is {@link
 * WebhookPayload#event}: the event's message and type ({@code Normal}/{@code Warning}) and the time
 * it was recorded.
 *
 * <p>Contract: {@link #send} never blocks on the network and never throws; calls run in order per
 * canary on a {@link PerCanaryExecutor}, each canary apart from the others, with the hook's retries
 * and its timeout (Flagger's 5s when it sets none), each cut to {@code
 * sluice.notify.event-hook-max-retries} and {@code event-hook-max-timeout}, so that a receiver that
 * never answers holds its canary's later events for a bounded time. A failed call is one warning
 * line naming the canary, with the URL masked, and nothing else: an Event about it would be
 * recorded, and so sent here again.
 */
@ApplicationScoped
public class EventHooks {
  private static final Logger LOG = Logger.getLogger(EventHooks.class);

  /** Flagger's name for the global hook. */
  static final String GLOBAL_HOOK_NAME = "events";

  /** Flagger calls every event hook with this timeout; Sluice only when the hook sets none. */
  static final String DEFAULT_TIMEOUT = "5s";

  private final WebhookClient client;
  private final Clock clock;
  private final Optional<String> globalUrl;
  private final NotifyConfig config;
  private final PerCanaryExecutor queue;

  @Inject
  public EventHooks(
      WebhookClient client,
      Clock clock,
      EventWebhookConfig events,
      NotifyConfig config,
      MeterRegistry registry) {
    this.client = client;
    this.clock = clock;
    this.globalUrl = events.eventWebhook().filter(url -> !url.isBlank());
    this.config = config;
    this.queue =
        new PerCanaryExecutor(
            "event-hooks",
            config.queueCapacity(),
            NotificationDrops.counter(registry, NotificationDrops.EVENT_WEBHOOK));
  }

  /** Queues the note for the canary's event webhooks; returns at once. */
  public void send(Canary canary, EventNote note) {
    List<CanaryWebhook> hooks = hooksOf(canary);
    if (hooks.isEmpty()) {
      return;
    }
    // the payload is built now: phase, checksum and timestamp of the moment it happened
    CanaryStatus status = canary.getStatus();
    String phase = status == null || status.getPhase() == null ? "" : status.getPhase().toString();
    String checksum = WebhookPayload.checksum(status);
    String eventType = note.warning() ? "Warning" : "Normal";
    Instant at = clock.instant();
    String name = canary.getMetadata().getName();
    String namespace = canary.getMetadata().getNamespace();
    List<Call> calls =
        hooks.stream()
            .map(
                hook ->
                    new Call(
                        hook,
                        WebhookPayload.event(
                            name, namespace, phase, checksum, hook, note.message(), eventType, at)))
            .toList();
    String key = canary.key();
    if (!queue.submit(key, () -> calls.forEach(call -> call.run(key)))) {
      LOG.warnf("%s event %s not sent to event webhooks: shutting down", key, note.reason());
    }
  }

  /** The canary's event hooks, or the global one when it has none. */
  List<CanaryWebhook> hooksOf(Canary canary) {
    var analysis = canary.getSpec() == null ? null : canary.getSpec().getAnalysis();
    List<CanaryWebhook> own =
        analysis == null || analysis.getWebhooks() == null
            ? List.of()
            : analysis.getWebhooks().stream()
                .filter(h -> HookType.parse(h.getType()).orElse(null) == HookType.EVENT)
                .map(this::withEventDefaults)
                .toList();
    if (!own.isEmpty()) {
      return own;
    }
    return globalUrl.map(url -> List.of(global(url))).orElse(List.of());
  }

  private CanaryWebhook global(String url) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName(GLOBAL_HOOK_NAME);
    hook.setType(HookType.EVENT.wireName());
    hook.setUrl(url);
    hook.setTimeout(boundedTimeout(DEFAULT_TIMEOUT));
    return hook;
  }

  /**
   * A copy with Flagger's event-hook timeout when it names none, timeout and retries cut to the
   * configured bounds; the manifest is not touched.
   */
  private CanaryWebhook withEventDefaults(CanaryWebhook hook) {
    CanaryWebhook copy = new CanaryWebhook();
    copy.setName(hook.getName());
    copy.setType(HookType.EVENT.wireName());
    copy.setUrl(hook.getUrl());
    copy.setTimeout(
        boundedTimeout(
            hook.getTimeout() == null || hook.getTimeout().isBlank()
                ? DEFAULT_TIMEOUT
                : hook.getTimeout()));
    copy.setRetries(
        hook.getRetries() == null
            ? null
            : Math.min(hook.getRetries(), Math.max(0, config.eventHookMaxRetries())));
    copy.setDisableTLS(hook.getDisableTLS());
    copy.setMetadata(hook.getMetadata());
    return copy;
  }

  /**
   * The hook's timeout, or the bound when it is longer; an unreadable one is left to the client.
   */
  private String boundedTimeout(String timeout) {
    Duration max = config.eventHookMaxTimeout();
    try {
      Duration asked = GoDuration.parse(timeout);
      // zero or less means the client's default, which the bound cuts too
      boolean within = asked.compareTo(Duration.ZERO) > 0 && asked.compareTo(max) <= 0;
      return within ? timeout : max.toMillis() + "ms";
    } catch (IllegalArgumentException e) {
      return timeout;
    }
  }

  private final class Call {
    private final CanaryWebhook hook;
    private final WebhookPayload payload;

    Call(CanaryWebhook hook, WebhookPayload payload) {
      this.hook = hook;
      this.payload = payload;
    }

    void run(String key) {
      WebhookResult result = client.call(hook, payload);
      if (!result.passed()) {
        LOG.warnf("%s event not delivered: %s", key, result.reason());
      }
    }
  }

  @PreDestroy
  void close() {
    queue.close(config.shutdownGrace());
  }
}

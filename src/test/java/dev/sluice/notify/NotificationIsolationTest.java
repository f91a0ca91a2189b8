package dev.sluice.notify;

import static dev.sluice.notify.NotifyFixtures.canary;
import static dev.sluice.notify.NotifyFixtures.hook;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.EventNote;
import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.kube.ClusterCache;
import dev.sluice.outbound.HttpClients;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.SilentReceiver;
import dev.sluice.webhook.WebhookClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canaries whose receivers never answer keep their messages to themselves: another canary's
 * RolledBack still reaches its chat and its event webhook, and is never the one dropped.
 */
@EnableKubernetesMockClient(crud = true)
class NotificationIsolationTest {
  private static final EventNote ROLLED_BACK =
      EventNote.warning("RolledBack", "Canary failed! Rolling back podinfo").alert(Severity.ERROR);

  static KubernetesClient client;
  private static Vertx vertx;
  private static HttpClients http;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> open = new ArrayList<>();
  private AlertDispatcher alerts;
  private EventHooks hooks;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    http = new HttpClients(vertx);
  }

  @AfterAll
  static void stopVertx() {
    http.close();
    vertx.close();
  }

  @AfterEach
  void close() throws Exception {
    if (alerts != null) {
      alerts.close();
    }
    if (hooks != null) {
      hooks.close();
    }
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  @Test
  void fourCanariesWhoseEventHooksNeverAnswerHoldUpNoOtherCanarysRollBackMessage() {
    LoopbackReceiver chat = opened(LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok")));
    LoopbackReceiver events = opened(LoopbackReceiver.answering(LoopbackReceiver.answer(200, "")));
    start(NotifyConfigs.Notify.with(slackAt(chat.url("/chat"))));
    // given four canaries whose event hooks never answer (5m timeout, 20 retries), each sending
    for (int i = 0; i < 4; i++) {
      SilentReceiver silent = opened(SilentReceiver.start());
      Canary stuck = canary("team-" + i, "podinfo", null, List.of(silentHook(silent)));
      for (int event = 0; event < 3; event++) {
        send(stuck, EventNote.normal("Progressing", "Advance " + event));
      }
      await().until(() -> silent.accepted() > 0);
    }

    // when a fifth canary rolls back
    Canary fifth =
        canary("team-5", "podinfo", null, List.of(hook("audit", "event", events.url("/audit"))));
    send(fifth, ROLLED_BACK);

    // then its message reaches its chat and its event webhook
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> chat.received().stream().anyMatch(r -> r.body().contains("team-5")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.received().stream().anyMatch(r -> r.body().contains("team-5")));
  }

  @Test
  void aCanaryThatFloodsItsQueueDropsItsOwnOldestMessagesNotAnotherCanarys() {
    LoopbackReceiver events = opened(LoopbackReceiver.answering(LoopbackReceiver.answer(200, "")));
    SilentReceiver silent = opened(SilentReceiver.start());
    NotifyConfigs.Notify small =
        new NotifyConfigs.Notify(MessageTemplate.DEFAULT, null, NotifyConfigs.Default.OFF, 2, 3);
    start(small);
    // given a canary whose event hook never answers, and ten events of it waiting
    Canary flooding = canary("flood", "podinfo", null, List.of(silentHook(silent)));
    for (int event = 0; event < 10; event++) {
      send(flooding, EventNote.normal("Progressing", "Advance " + event));
    }

    // when another canary rolls back
    Canary other =
        canary("other", "podinfo", null, List.of(hook("audit", "event", events.url("/audit"))));
    send(other, ROLLED_BACK);

    // then its message is sent, and the drops are the flooding canary's, counted
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.received().stream().anyMatch(r -> r.body().contains("Rolling back")));
    double dropped =
        registry
            .get("sluice_notifications_dropped")
            .tag("namespace", "flood")
            .tag("name", "podinfo")
            .tag("channel", "event-webhook")
            .counter()
            .count();
    assertTrue(dropped >= 6, "ten sends, one under way, three waiting: " + dropped);
  }

  private void start(NotifyConfig config) {
    alerts =
        new AlertDispatcher(
            config,
            new ClusterCache(),
            new NotificationTransport(vertx, Duration.ofSeconds(5)),
            new CanaryEvents(client, Clock.systemUTC()),
            registry);
    hooks =
        new EventHooks(
            new WebhookClient(http),
            Clock.systemUTC(),
            NotifyConfigs.eventWebhook(null),
            config,
            registry);
  }

  /** As {@link EventRecorder} sends a recorded note: to chat and to the event webhooks. */
  private void send(Canary canary, EventNote note) {
    alerts.send(canary, note);
    hooks.send(canary, note);
  }

  private static CanaryWebhook silentHook(SilentReceiver silent) {
    CanaryWebhook hook = hook("audit", "event", silent.url("/events"));
    hook.setTimeout("5m");
    hook.setRetries(20);
    return hook;
  }

  private static NotifyConfigs.Default slackAt(String address) {
    return NotifyConfigs.Default.of("slack", address, "deploys", "sluice", null);
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    open.add(closeable);
    return closeable;
  }
}

package dev.sluice.notify;

import static dev.sluice.notify.NotifyFixtures.canary;
import static dev.sluice.notify.NotifyFixtures.hook;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.EventNote;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.outbound.HttpClients;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.webhook.WebhookClient;
import dev.sluice.webhook.WebhookPayload;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event webhooks of a canary and the global one, against real receivers on 127.0.0.1. */
class EventHooksTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
  private static Vertx vertx;
  private static HttpClients http;
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
  void close() {
    if (hooks != null) {
      hooks.close();
    }
  }

  private EventHooks hooks(String globalUrl) {
    hooks =
        new EventHooks(
            new WebhookClient(http),
            Clock.fixed(NOW, ZoneOffset.UTC),
            NotifyConfigs.eventWebhook(globalUrl),
            NotifyConfigs.Notify.with(NotifyConfigs.Default.OFF),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    return hooks;
  }

  @Test
  void anEventHooksTimeoutAndRetriesAreCutToTheConfiguredBounds() {
    CanaryWebhook slow = hook("slow", "event", "http://127.0.0.1:9/events");
    slow.setTimeout("5m");
    slow.setRetries(20);
    CanaryWebhook quick = hook("quick", "event", "http://127.0.0.1:9/events");
    quick.setTimeout("2s");
    quick.setRetries(1);

    List<CanaryWebhook> called =
        hooks(null).hooksOf(canary("test", "podinfo", null, List.of(slow, quick)));

    assertEquals("10000ms", called.get(0).getTimeout(), "5m cut to the 10s bound");
    assertEquals(2, called.get(0).getRetries());
    assertEquals("2s", called.get(1).getTimeout());
    assertEquals(1, called.get(1).getRetries());
    assertEquals("5m", slow.getTimeout(), "the manifest is not touched");
  }

  @Test
  void aCanaryEventHookGetsFlaggersPayloadAndReplacesTheGlobalOne() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(200, ""))) {
      CanaryWebhook audit = hook("audit", "event", receiver.url("/audit"));
      audit.setMetadata(Map.of("env", "prod", "eventType", "not-overridden"));
      Canary canary =
          canary(
              "test",
              "podinfo",
              null,
              List.of(hook("load", "rollout", receiver.url("/load")), audit));

      hooks(receiver.url("/global")).send(canary, EventNote.normal("Progressing", "Advance 20"));

      await().until(() -> receiver.received().size() == 1);
      LoopbackReceiver.Received request = receiver.received().get(0);
      assertEquals("/audit", request.path());
      assertEquals(
          new JsonObject()
              .put("name", "podinfo")
              .put("namespace", "test")
              .put("phase", "Progressing")
              .put("checksum", WebhookPayload.checksum(canary.getStatus()))
              .put("type", "event")
              .put(
                  "metadata",
                  new JsonObject()
                      .put("eventMessage", "Advance 20")
                      .put("eventType", "Normal")
                      .put("timestamp", Long.toString(NOW.toEpochMilli()))
                      .put("env", "prod")),
          new JsonObject(request.body()));
      assertTrue(request.contentType().startsWith("application/json"));
    }
  }

  @Test
  void theGlobalUrlGetsTheEventsOfCanariesWithoutEventHooks() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(202, ""))) {
      Canary canary =
          canary("test", "podinfo", null, List.of(hook("load", null, receiver.url("/load"))));

      hooks(receiver.url("/global")).send(canary, EventNote.warning("Halted", "Halt advancement"));

      await().until(() -> receiver.received().size() == 1);
      LoopbackReceiver.Received request = receiver.received().get(0);
      assertEquals("/global", request.path());
      JsonObject payload = new JsonObject(request.body());
      assertEquals("podinfo", payload.getString("name"));
      assertEquals("test", payload.getString("namespace"));
      assertEquals("Progressing", payload.getString("phase"));
      assertEquals(WebhookPayload.checksum(canary.getStatus()), payload.getString("checksum"));
      assertEquals("event", payload.getString("type"));
      assertEquals(
          new JsonObject()
              .put("eventMessage", "Halt advancement")
              .put("eventType", "Warning")
              .put("timestamp", Long.toString(NOW.toEpochMilli())),
          payload.getJsonObject("metadata"));
    }
  }

  @Test
  void withoutEventHooksOrAGlobalUrlNothingIsCalled() {
    Canary canary = canary("test", "podinfo", null, List.of(hook("load", "rollout", "http://x/")));

    assertEquals(List.of(), hooks(null).hooksOf(canary));
    assertEquals(List.of(), hooks(" ").hooksOf(canary));
  }

  @Test
  void eventsOfOneCanaryArriveInOrder() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(200, ""))) {
      var send = hooks(receiver.url("/global"));
      Canary canary = canary("test", "podinfo", null, null);

      IntStream.range(0, 20)
          .forEach(i -> send.send(canary, EventNote.normal("Progressing", "step " + i)));

      await().until(() -> receiver.received().size() == 20);
      assertEquals(
          IntStream.range(0, 20).mapToObj(i -> "step " + i).toList(),
          receiver.received().stream()
              .map(
                  r -> new JsonObject(r.body()).getJsonObject("metadata").getString("eventMessage"))
              .toList());
    }
  }

  @Test
  void aFailingHookIsOneWarningWithTheUrlMasked() {
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(LoopbackReceiver.answer(500, "down"));
        LogCapture logs = LogCapture.open()) {
      String url =
          receiver.url("/events?token=hookS3cret").replace("http://", "http://user:passw0rd@");
      Canary canary = canary("test", "podinfo", null, List.of(hook("audit", "event", url)));

      hooks(null).send(canary, EventNote.normal("Progressing", "Advance"));

      await().until(() -> logs.warnings("test/podinfo event not delivered").size() == 1);
      String warning = logs.warnings("test/podinfo event not delivered").get(0);
      assertTrue(warning.contains("webhook audit"), warning);
      assertTrue(warning.contains("HTTP 500"), warning);
      assertFalse(logs.all().contains("hookS3cret"), logs.all());
      assertFalse(logs.all().contains("passw0rd"), logs.all());
    }
  }

  @Test
  void aHookThatHoldsItsAnswerDoesNotHoldSend() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.held());
        LogCapture logs = LogCapture.open()) {
      var send = hooks(receiver.url("/global"));
      Canary canary = canary("test", "podinfo", null, null);

      send.send(canary, EventNote.normal("Progressing", "first"));
      // send returned; only now may the receiver answer
      await().until(() -> receiver.received().size() == 1);
      receiver.release();
      send.send(canary, EventNote.normal("Progressing", "second"));

      await().until(() -> receiver.received().size() == 2);
      // the second call starts after the first is done: a first call that had timed out would
      // have logged its warning by now
      assertEquals(List.of(), logs.warnings("event not delivered"));
    }
  }
}

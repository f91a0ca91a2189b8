package dev.sluice.notify;

import static dev.sluice.notify.AlertDispatcherTest.attachment;
import static dev.sluice.notify.AlertDispatcherTest.field;
import static dev.sluice.notify.AlertDispatcherTest.text;
import static dev.sluice.notify.NotifyFixtures.alert;
import static dev.sluice.notify.NotifyFixtures.canary;
import static dev.sluice.notify.NotifyFixtures.hook;
import static dev.sluice.notify.NotifyFixtures.provider;
import static dev.sluice.notify.NotifyFixtures.secret;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.EventNote;
import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.AlertProvider;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.controller.CanaryController;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts of canaries resolved through the informers (AlertProviders and Secrets in the mock API
 * server) and posted to real receivers on 127.0.0.1; failures as AlertFailed Events.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class AlertDispatcherIT {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
  private static final String SECRET_PATH = "/services/T0/B0/pr0viderS3cretPath";
  private static final String TOKEN = "xoxb-t0ken-never-shown";

  @Inject KubernetesClient client;
  @Inject CanaryController controller;
  @Inject ClusterCache cache;
  @Inject AlertDispatcher dispatcher;
  @Inject EventRecorder recorder;
  @Inject NotificationTransport transport;

  String namespace;

  @BeforeEach
  void start() {
    controller.start();
    namespace = "notify-" + NAMESPACES.incrementAndGet() + "-" + RUN;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @Test
  void eachAlertGetsTheNotesAtOrAboveItsSeverityInItsServicesFormat() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      givenProvider(provider(namespace, "info", "slack", receiver.url("/info"), null));
      givenProvider(provider(namespace, "warn", "slack", receiver.url("/warn"), null));
      givenProvider(provider(namespace, "error", "msteams", receiver.url("/error"), null));
      givenProvider(provider(namespace, "empty", "slack", receiver.url("/empty"), null));
      Canary canary =
          canary(
              namespace,
              "podinfo",
              List.of(
                  alert("a-info", "info", "info", null),
                  alert("a-warn", "warn", "warn", namespace),
                  alert("a-error", "error", "error", null),
                  alert("a-empty", "", "empty", null)),
              null);

      dispatcher.send(canary, EventNote.normal("Synced", "not for chat"));
      dispatcher.send(canary, EventNote.normal("Progressing", "info note").alert(Severity.INFO));
      dispatcher.send(canary, EventNote.warning("Halted", "warn note").alert(Severity.WARN));
      dispatcher.send(
          canary,
          EventNote.warning("Failed", "error note")
              .alert(Severity.ERROR)
              .withDetails(Map.of("request-success-rate", "91.2 < 99")));

      await().until(() -> receiver.received().size() == 9);
      assertEquals(
          List.of(
              "/info info note",
              "/empty info note",
              "/info warn note",
              "/warn warn note",
              "/empty warn note",
              "/info error note",
              "/warn error note",
              "/error error note",
              "/empty error note"),
          receiver.received().stream().map(r -> r.path() + " " + message(r)).toList());
      JsonObject teams = new JsonObject(receiver.received().get(7).body());
      assertEquals("MessageCard", teams.getString("@type"));
      assertEquals(
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("name", "request-success-rate")
                      .put("value", "91.2 &lt; 99")),
          teams.getJsonArray("sections").getJsonObject(0).getJsonArray("facts"));
      JsonObject slack = new JsonObject(receiver.received().get(6).body());
      assertEquals("danger", attachment(slack).getString("color"));
      assertEquals(
          new JsonArray().add(field("request-success-rate", "91.2 &lt; 99")),
          attachment(slack).getJsonArray("fields"));
      assertEquals(List.of(), alertFailed(), "every alert was delivered");
    }
  }

  @Test
  void aDeletedCanaryTakesTheIdleProxyClientsAlong() {
    try (LoopbackReceiver proxy = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      AlertProvider provider =
          provider(namespace, "relayed", "slack", "http://chat.example/hook", null);
      provider.getSpec().setProxy("http://relay:pr0xy-pw@127.0.0.1:" + proxy.port());
      givenProvider(provider);
      Canary canary =
          canary(namespace, "podinfo", List.of(alert("a", "info", "relayed", null)), null);

      dispatcher.send(canary, EventNote.normal("Progressing", "via proxy").alert(Severity.INFO));
      await().until(() -> proxy.received().size() == 1);
      await().until(() -> transport.heldProxies() > 0);
      assertFalse(transport.proxyKeysContain("pr0xy-pw"), "no key holds the proxy's password");

      dispatcher.forget(canary);

      await().until(() -> transport.heldProxies() == 0);
    }
  }

  @Test
  void theSecretsAddressAndTokenWinAndNeverShowInLogsOrEvents() {
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        LoopbackReceiver failing =
            LoopbackReceiver.answering(LoopbackReceiver.answer(500, "invalid_payload"));
        LogCapture logs = LogCapture.open()) {
      givenSecret(
          secret(
              namespace,
              "slack-url",
              Map.of("address", receiver.url(SECRET_PATH), "token", TOKEN)));
      givenSecret(
          secret(
              namespace,
              "failing-url",
              Map.of("address", failing.url(SECRET_PATH), "token", TOKEN)));
      givenProvider(provider(namespace, "slack", "slack", "http://wrong.invalid/", "slack-url"));
      givenProvider(provider(namespace, "failing", "slack", null, "failing-url"));
      Canary canary =
          canary(
              namespace,
              "podinfo",
              List.of(alert("ok", null, "slack", null), alert("broken", "warn", "failing", null)),
              null);

      dispatcher.send(canary, EventNote.warning("Halted", "halted").alert(Severity.WARN));

      await().until(() -> alertFailed().size() == 1);
      assertEquals(1, receiver.received().size());
      assertEquals(SECRET_PATH, receiver.received().get(0).path());
      assertEquals("Bearer " + TOKEN, receiver.received().get(0).authorization());
      String event = alertFailed().get(0).getMessage();
      assertTrue(
          event.startsWith("alert broken not sent: slack webhook http://127.0.0.1/***"), event);
      assertEquals(1, logs.warnings(canary.key() + " alert broken not sent").size(), logs.all());
      for (String secret : List.of(TOKEN, SECRET_PATH, "pr0viderS3cretPath")) {
        assertFalse(logs.all().contains(secret), logs.all());
        assertFalse(event.contains(secret), event);
      }
    }
  }

  @Test
  void aMissingProviderIsOneAlertFailedEventForTwoSends() {
    try (LogCapture logs = LogCapture.open()) {
      Canary canary =
          canary(namespace, "podinfo", List.of(alert("on-call", "info", "gone", null)), null);

      dispatcher.send(canary, EventNote.normal("Progressing", "one").alert(Severity.INFO));
      dispatcher.send(canary, EventNote.normal("Progressing", "two").alert(Severity.INFO));

      await().until(() -> logs.warnings(canary.key() + " alert on-call not sent").size() == 2);
      List<Event> failed = alertFailed();
      assertEquals(1, failed.size());
      assertEquals(
          "alert on-call not sent: AlertProvider " + namespace + "/gone not found",
          failed.get(0).getMessage());
      assertEquals("Warning", failed.get(0).getType());
      assertEquals(canary.getMetadata().getUid(), failed.get(0).getInvolvedObject().getUid());
    }
  }

  @Test
  void aMissingSecretAnUnknownTypeAndABadSeverityEachSayWhy() {
    givenProvider(provider(namespace, "pager", "pagerduty", "https://example.com/x", null));
    givenProvider(provider(namespace, "hidden", "slack", null, "no-such-secret"));
    Canary canary =
        canary(
            namespace,
            "podinfo",
            List.of(
                alert("unknown-type", "info", "pager", null),
                alert("no-secret", "info", "hidden", null),
                alert("bad-severity", "critical", "pager", null)),
            null);

    dispatcher.send(canary, EventNote.warning("Failed", "x").alert(Severity.ERROR));

    await().until(() -> alertFailed().size() == 3);
    List<String> messages = alertFailed().stream().map(Event::getMessage).sorted().toList();
    assertTrue(
        messages.get(0).startsWith("alert bad-severity not sent: severity 'critical' is not"),
        messages.get(0));
    assertEquals(
        "alert no-secret not sent: Secret "
            + namespace
            + "/no-such-secret of AlertProvider "
            + namespace
            + "/hidden not found",
        messages.get(1));
    assertTrue(
        messages.get(2).startsWith("alert unknown-type not sent: unsupported AlertProvider type"),
        messages.get(2));
  }

  @Test
  void notesOfOneCanaryArriveInOrderWhileCanariesSendConcurrently() throws Exception {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      givenProvider(provider(namespace, "chat", "slack", receiver.url("/chat"), null));
      List<Thread> senders = new ArrayList<>();
      for (String name : List.of("alpha", "beta", "gamma")) {
        Canary canary = canary(namespace, name, List.of(alert("chat", null, "chat", null)), null);
        senders.add(
            new Thread(
                () ->
                    IntStream.range(0, 15)
                        .forEach(
                            i ->
                                dispatcher.send(
                                    canary,
                                    EventNote.normal("Progressing", name + " " + i)
                                        .alert(Severity.INFO)))));
      }

      senders.forEach(Thread::start);
      for (Thread sender : senders) {
        sender.join();
      }

      await().until(() -> receiver.received().size() == 45);
      for (String name : List.of("alpha", "beta", "gamma")) {
        assertEquals(
            IntStream.range(0, 15).mapToObj(i -> name + " " + i).toList(),
            receiver.received().stream()
                .map(AlertDispatcherIT::message)
                .filter(m -> m.startsWith(name + " "))
                .toList());
      }
    }
  }

  @Test
  void aReceiverThatHoldsItsAnswerDoesNotHoldSend() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.held(200, "ok"))) {
      givenProvider(provider(namespace, "slow", "slack", receiver.url("/slow"), null));
      Canary canary =
          canary(namespace, "podinfo", List.of(alert("slow", null, "slow", null)), null);

      dispatcher.send(canary, EventNote.normal("Progressing", "first").alert(Severity.INFO));
      // send returned; only now may the receiver answer. Had send waited for the answer, the
      // post would have timed out first, which is an AlertFailed Event before the second post.
      await().until(() -> receiver.received().size() == 1);
      receiver.release();
      dispatcher.send(canary, EventNote.normal("Progressing", "second").alert(Severity.INFO));

      await().until(() -> receiver.received().size() == 2);
      assertEquals(List.of(), alertFailed(), "the first post got its answer, not a timeout");
    }
  }

  @Test
  void recordWritesTheEventAndReturnsWhileChatAndEventHookStillHold() {
    try (LoopbackReceiver chat = LoopbackReceiver.answering(LoopbackReceiver.held(200, "ok"));
        LoopbackReceiver hooks = LoopbackReceiver.answering(LoopbackReceiver.held());
        LogCapture logs = LogCapture.open()) {
      givenProvider(provider(namespace, "chat", "slack", chat.url("/chat"), null));
      Canary canary =
          canary(
              namespace,
              "podinfo",
              List.of(alert("chat", null, "chat", null)),
              List.of(hook("audit", "event", hooks.url("/events"))));

      recorder.record(canary, EventNote.warning("Halted", "halted at 20").alert(Severity.WARN));

      // record returned and the Event is written, while neither receiver may answer yet
      assertEquals(1, events("Halted").size());
      await().until(() -> chat.received().size() == 1 && hooks.received().size() == 1);
      chat.release();
      hooks.release();
      recorder.record(canary, EventNote.normal("Progressing", "advance").alert(Severity.INFO));
      await().until(() -> chat.received().size() == 2 && hooks.received().size() == 2);
      // per canary the second send starts only after the first is done: had record waited for the
      // receivers, the first ones would have timed out and been reported by now
      assertEquals(List.of(), alertFailed());
      assertEquals(List.of(), logs.warnings("event not delivered"));
      assertEquals("halted at 20", message(chat.received().get(0)));
      JsonObject payload = new JsonObject(hooks.received().get(0).body());
      assertEquals("event", payload.getString("type"));
      assertEquals("podinfo", payload.getString("name"));
      assertEquals("halted at 20", payload.getJsonObject("metadata").getString("eventMessage"));
      assertEquals("Warning", payload.getJsonObject("metadata").getString("eventType"));
    }
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private void givenProvider(AlertProvider provider) {
    client.resource(provider).create();
    await()
        .until(() -> cache.alertProvider(namespace, provider.getMetadata().getName()).isPresent());
  }

  private void givenSecret(Secret secret) {
    client.resource(secret).create();
    await().until(() -> cache.secret(namespace, secret.getMetadata().getName()).isPresent());
  }

  private List<Event> alertFailed() {
    return events(AlertDispatcher.ALERT_FAILED);
  }

  /** The text of a Slack or Teams message. */
  private static String message(LoopbackReceiver.Received received) {
    JsonObject body = new JsonObject(received.body());
    return body.containsKey("attachments")
        ? text(body)
        : body.getJsonArray("sections").getJsonObject(0).getString("activityTitle");
  }
}

package dev.sluice.notify;

import static dev.sluice.notify.NotifyFixtures.canary;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.EventNote;
import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.LoopbackReceiver;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global default notifier (a canary without {@code analysis.alerts}), built by hand with its
 * configuration; AlertFailed Events go to the fabric8 mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class AlertDispatcherTest {
  private static final String SECRET_PATH = "/services/T0/B0/defaultS3cretPath";

  static KubernetesClient client;
  private static Vertx vertx;
  private AlertDispatcher dispatcher;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close();
  }

  @AfterEach
  void closeDispatcher() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private AlertDispatcher dispatcher(NotifyConfig config) {
    dispatcher =
        new AlertDispatcher(
            config,
            new ClusterCache(),
            new NotificationTransport(vertx, Duration.ofSeconds(5)),
            new CanaryEvents(client, Clock.systemUTC()),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    return dispatcher;
  }

  private static NotifyConfig slackDefault(String address, String cluster, String template) {
    return new NotifyConfigs.Notify(
        template,
        cluster,
        NotifyConfigs.Default.of(null, address, "deploys", "sluice", null),
        2,
        100);
  }

  @Test
  void aCanaryWithoutAlertsSendsEveryAlertedNoteToTheDefaultWithClusterAndDetails() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      var send = dispatcher(slackDefault(receiver.url(SECRET_PATH), "prod-eu", "{message}"));
      Canary canary = canary("test", "podinfo", null, null);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("request-success-rate", "91.2 < 99");
      details.put("Target", "Deployment/podinfo-app.test");

      send.send(canary, EventNote.normal("Synced", "not for chat"));
      send.send(canary, EventNote.normal("Progressing", "New revision").alert(Severity.INFO));
      send.send(canary, EventNote.warning("Halted", "Halt").alert(Severity.WARN));
      send.send(
          canary,
          EventNote.warning("Failed", "Rolling back").alert(Severity.ERROR).withDetails(details));

      await().until(() -> receiver.received().size() == 3);
      List<JsonObject> bodies =
          receiver.received().stream().map(r -> new JsonObject(r.body())).toList();
      assertEquals(
          List.of("New revision", "Halt", "Rolling back"),
          bodies.stream().map(b -> text(b)).toList());
      assertEquals(
          List.of("good", "warning", "danger"),
          bodies.stream().map(b -> attachment(b).getString("color")).toList());
      assertEquals("deploys", bodies.get(0).getString("channel"));
      assertEquals("sluice", bodies.get(0).getString("username"));
      assertEquals("podinfo.test", attachment(bodies.get(0)).getString("author_name"));
      assertEquals(
          new JsonArray()
              .add(field("Cluster", "prod-eu"))
              .add(field("request-success-rate", "91.2 &lt; 99"))
              .add(field("Target", "Deployment/podinfo-app.test")),
          attachment(bodies.get(2)).getJsonArray("fields"));
      assertEquals(SECRET_PATH, receiver.received().get(0).path());
    }
  }

  @Test
  void theTemplateShapesTheMessage() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      var send =
          dispatcher(
              slackDefault(
                  receiver.url(SECRET_PATH),
                  "prod-eu",
                  "[{cluster}] {namespace}/{name} {target} {phase} {weight}% {reason}: {message} {x}"));

      send.send(
          canary("test", "podinfo", null, null),
          EventNote.normal("Progressing", "Advance").alert(Severity.INFO));

      await().until(() -> receiver.received().size() == 1);
      assertEquals(
          "[prod-eu] test/podinfo podinfo-app Progressing 20% Progressing: Advance {x}",
          text(new JsonObject(receiver.received().get(0).body())));
    }
  }

  @Test
  void aFailingDefaultIsOneWarningPerSendAndOneAlertFailedEventWithoutTheAddress() {
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(LoopbackReceiver.answer(500, "server on fire"));
        LogCapture logs = LogCapture.open()) {
      var send = dispatcher(slackDefault(receiver.url(SECRET_PATH), null, "{message}"));
      Canary canary = canary("failing", "podinfo", null, null);

      send.send(canary, EventNote.warning("Halted", "first").alert(Severity.WARN));
      send.send(canary, EventNote.warning("Halted", "second").alert(Severity.WARN));

      await().until(() -> logs.warnings("failing/podinfo alert default not sent").size() == 2);
      List<Event> failed = alertFailed("failing");
      assertEquals(1, failed.size(), "same reason twice: one Event");
      assertEquals("Warning", failed.get(0).getType());
      assertEquals("podinfo", failed.get(0).getInvolvedObject().getName());
      assertTrue(failed.get(0).getMessage().contains("HTTP 500"), failed.get(0).getMessage());
      assertFalse(failed.get(0).getMessage().contains("defaultS3cretPath"));
      assertFalse(logs.all().contains("defaultS3cretPath"), logs.all());
    }
  }

  @Test
  void aCanaryDeletedAndCreatedAgainHearsOfTheSameFailureAgain() {
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(LoopbackReceiver.answer(500, "server on fire"));
        LogCapture logs = LogCapture.open()) {
      var send = dispatcher(slackDefault(receiver.url(SECRET_PATH), null, "{message}"));
      Canary canary = canary("recreated", "podinfo", null, null);
      send.send(canary, EventNote.warning("Halted", "first").alert(Severity.WARN));
      await().until(() -> alertFailed("recreated").size() == 1);

      // when: the Canary is deleted, then created again under the same name
      send.forget(canary);
      send.send(canary, EventNote.warning("Halted", "again").alert(Severity.WARN));

      // then: its failure is news again, not remembered from the deleted one
      await().until(() -> logs.warnings("recreated/podinfo alert default not sent").size() == 2);
      await().until(() -> alertFailed("recreated").size() == 2);
    }
  }

  @Test
  void theStartupLineNamesTypeAndHostOnly() {
    try (LogCapture logs = LogCapture.open()) {
      dispatcher(slackDefault("https://hooks.slack.com" + SECRET_PATH, null, null))
          .logDefaultNotifier(null);
      dispatcher.close();
      dispatcher(slackDefault(null, null, null)).logDefaultNotifier(null);

      assertEquals(
          List.of(
              "INFO default notifier: slack at https://hooks.slack.com/***",
              "INFO no default notifier (sluice.notify.default.address is not set)"),
          logs.lines().stream().filter(l -> l.contains("default notifier")).toList());
    }
  }

  @Test
  void anUnknownDefaultTypeIsAWarningAtStartupAndAnAlertFailedEvent() {
    try (LogCapture logs = LogCapture.open()) {
      var send =
          dispatcher(
              new NotifyConfigs.Notify(
                  null,
                  null,
                  NotifyConfigs.Default.of("pager", "https://example.com/x", null, null, null),
                  1,
                  10));
      send.logDefaultNotifier(null);

      send.send(
          canary("unknown", "podinfo", null, null),
          EventNote.warning("Failed", "x").alert(Severity.ERROR));

      await().until(() -> alertFailed("unknown").size() == 1);
      assertTrue(
          alertFailed("unknown").get(0).getMessage().contains("unsupported AlertProvider type"));
      assertEquals(
          1, logs.warnings("default notifier is invalid: unsupported AlertProvider type").size());
    }
  }

  private static List<Event> alertFailed(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> AlertDispatcher.ALERT_FAILED.equals(e.getReason()))
        .toList();
  }

  static JsonObject attachment(JsonObject slack) {
    return slack.getJsonArray("attachments").getJsonObject(0);
  }

  static String text(JsonObject slack) {
    return attachment(slack).getString("text");
  }

  static JsonObject field(String title, String value) {
    return new JsonObject().put("title", title).put("value", value).put("short", false);
  }
}

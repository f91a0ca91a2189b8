package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.AlertProviderSpec;
import dev.sluice.testing.LoopbackReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each chat format posted to a real receiver on 127.0.0.1, asserted as the service documents it.
 */
class NotifierIT {
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tWebhookToken";

  private static final Notification FAILED =
      new Notification(
          "podinfo",
          "test",
          "Failed",
          "Canary analysis failed, rolling back",
          Severity.ERROR,
          List.of(new Notification.Field("request-success-rate", "91.2 < 99")));

  private static Vertx vertx;
  private static NotifierFactory factory;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    factory = new NotifierFactory(new NotificationTransport(vertx, Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static AlertProviderSpec spec(String type, String channel, String username) {
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType(type);
    spec.setChannel(channel);
    spec.setUsername(username);
    return spec;
  }

  private static LoopbackReceiver.Received postOnce(
      AlertProviderSpec spec, ProviderCredentialsFor creds, Notification n) {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      ProviderCredentials credentials = creds.with(receiver.url(SECRET_PATH));
      NotifyResult result = factory.forProvider(spec, credentials).post(n);
      assertEquals(new NotifyResult.Sent(200), result);
      assertEquals(1, receiver.received().size());
      LoopbackReceiver.Received received = receiver.received().get(0);
      assertEquals("POST", received.method());
      assertTrue(received.contentType().startsWith("application/json"), received.contentType());
      return received;
    }
  }

  private interface ProviderCredentialsFor {
    ProviderCredentials with(String address);
  }

  private static ProviderCredentials plain(String address) {
    return new ProviderCredentials(address, null, null);
  }

  @Test
  void slackGetsAnAttachmentWithColorChannelAndUsername() {
    LoopbackReceiver.Received received =
        postOnce(spec("slack", "deploys", "sluice"), NotifierIT::plain, FAILED);

    assertEquals(SECRET_PATH, received.path());
    assertNull(received.authorization());
    assertEquals(
        new JsonObject(
            """
            {"channel":"deploys","username":"sluice","icon_emoji":":rocket:",
             "attachments":[{"color":"danger","author_name":"podinfo.test",
               "text":"Canary analysis failed, rolling back","mrkdwn_in":["text"],
               "fields":[{"title":"request-success-rate","value":"91.2 &lt; 99","short":false}]}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void slackWithATokenSendsABearerAndDefaultsChannelAndUsernameAsFlagger() {
    Notification info =
        new Notification("podinfo", "test", "Progressing", "New revision", Severity.INFO, null);

    LoopbackReceiver.Received received =
        postOnce(
            spec("slack", null, null), a -> new ProviderCredentials(a, null, "xoxb-123"), info);

    assertEquals("Bearer xoxb-123", received.authorization());
    JsonObject body = new JsonObject(received.body());
    assertEquals("general", body.getString("channel"));
    assertEquals("flagger", body.getString("username"));
    assertEquals("good", body.getJsonArray("attachments").getJsonObject(0).getString("color"));
  }

  @Test
  void teamsGetsAMessageCard() {
    LoopbackReceiver.Received received =
        postOnce(spec("msteams", null, null), NotifierIT::plain, FAILED);

    assertEquals(
        new JsonObject(
            """
            {"@type":"MessageCard","@context":"http://schema.org/extensions",
             "themeColor":"FF0000","summary":"podinfo.test",
             "sections":[{"activityTitle":"Canary analysis failed, rolling back",
               "activitySubtitle":"podinfo.test",
               "facts":[{"name":"request-success-rate","value":"91.2 &lt; 99"}]}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void discordGetsTheSlackPayloadOnItsSlackEndpoint() {
    LoopbackReceiver.Received received =
        postOnce(spec("discord", "ops", "bot"), NotifierIT::plain, FAILED);

    assertEquals(SECRET_PATH + "/slack", received.path());
    assertEquals(
        new JsonObject(
            """
            {"channel":"ops","username":"bot","icon_emoji":":rocket:",
             "allowed_mentions":{"parse":[]},
             "attachments":[{"color":"danger","author_name":"podinfo.test",
               "text":"Canary analysis failed, rolling back","mrkdwn_in":["text"],
               "fields":[{"title":"request-success-rate","value":"91.2 &lt; 99","short":false}]}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void rocketChatGetsSlackAttachmentsWithHexColors() {
    LoopbackReceiver.Received received =
        postOnce(spec("rocket", "ops", "bot"), NotifierIT::plain, FAILED);

    assertEquals(
        new JsonObject(
            """
            {"channel":"ops","username":"bot","icon_emoji":":rocket:",
             "attachments":[{"color":"#FF0000","author_name":"podinfo.test",
               "text":"Canary analysis failed, rolling back","mrkdwn_in":["text"],
               "fields":[{"title":"request-success-rate","value":"91.2 <\\u200b 99","short":false}]}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void googleChatGetsACardWithEscapedText() {
    LoopbackReceiver.Received received =
        postOnce(spec("gchat", null, null), NotifierIT::plain, FAILED);

    assertEquals(
        new JsonObject(
            """
            {"cards":[{"header":{"title":"Sluice","subtitle":"podinfo.test"},
              "sections":[
               {"widgets":[{"textParagraph":{"text":"<font color=#848484><strong>Canary analysis failed, rolling back</strong></font>"}}]},
               {"widgets":[{"textParagraph":{"text":"request-success-rate<br><font color=#848484><strong>91.2 &lt; 99</strong></font>"}}]}]}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void genericWebhookGetsPlainJson() {
    LoopbackReceiver.Received received =
        postOnce(spec("webhook", null, null), a -> new ProviderCredentials(a, null, "t0k"), FAILED);

    assertEquals("Bearer t0k", received.authorization());
    assertEquals(
        new JsonObject(
            """
            {"name":"podinfo","namespace":"test","phase":"Failed","severity":"error",
             "message":"Canary analysis failed, rolling back",
             "fields":[{"name":"request-success-rate","value":"91.2 < 99"}]}
            """),
        new JsonObject(received.body()));
  }

  @Test
  void aServerErrorIsAReadableFailureWithoutTheAddressOrTheAnswer() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(500, "invalid_payload"))) {
      String address = receiver.url(SECRET_PATH);

      NotifyResult result =
          factory.forProvider(spec("slack", null, null), address, null).post(FAILED);

      String reason = assertInstanceOf(NotifyResult.Failed.class, result).reason();
      assertEquals(
          "slack webhook http://127.0.0.1/*** answered HTTP 500 (an answer of 15 bytes, not shown)",
          reason);
      assertFalse(reason.contains("s3cr3t"), reason);
    }
  }

  @Test
  void aMetadataAddressIsRefusedWithoutACall() {
    NotifyResult result =
        factory
            .forProvider(
                spec("webhook", null, null), "http://[fd00:ec2::254]/latest/meta-data/", null)
            .post(FAILED);

    String reason = assertInstanceOf(NotifyResult.Failed.class, result).reason();
    assertTrue(reason.contains("refused") && reason.contains("sluice.outbound.deny"), reason);
  }

  @Test
  void aReceiverThatNeverAnswersTimesOutWithoutTheAddress() {
    NotifierFactory fast =
        new NotifierFactory(new NotificationTransport(vertx, Duration.ofMillis(300)));
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.held(200, ""))) {
      String address = receiver.url(SECRET_PATH);
      long started = System.nanoTime();

      NotifyResult result =
          fast.forProvider(spec("msteams", null, null), address, null).post(FAILED);

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String reason = assertInstanceOf(NotifyResult.Failed.class, result).reason();
      assertEquals(
          "msteams webhook http://127.0.0.1/*** did not answer within 300 ms (timeout)", reason);
      assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
      assertFalse(reason.contains("s3cr3t"), reason);
    }
  }

  @Test
  void anUnreachableAddressIsAFailureWithoutItsPath() {
    int closedPort;
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(200, ""))) {
      closedPort = Integer.parseInt(receiver.url("").replaceAll(".*:", ""));
    }
    String address = "http://127.0.0.1:" + closedPort + SECRET_PATH;

    NotifyResult result =
        factory.forProvider(spec("discord", null, null), address, null).post(FAILED);

    String reason = assertInstanceOf(NotifyResult.Failed.class, result).reason();
    assertTrue(reason.startsWith("discord webhook http://127.0.0.1/*** unreachable: "), reason);
    assertFalse(reason.contains("s3cr3t"), reason);
  }
}

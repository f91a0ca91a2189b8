package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Text that comes from a Canary, its metrics or its status is shown as text in every chat service:
 * it cannot ping a channel, mention people or disguise a link, whatever a Canary's author wrote.
 */
class ChatEscapingIT {
  private static final String HOSTILE =
      "<!channel> @everyone @here @all rolled back: see <https://evil.example|the logs>"
          + " or [the dashboard](https://evil.example) & <@U0123> <at>Boss</at>";

  private static final Notification MESSAGE =
      new Notification(
          "podinfo",
          "test",
          "Failed",
          HOSTILE,
          Severity.ERROR,
          List.of(new Notification.Field("<!here> metric", "value <https://evil.example|1>")));

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

  @Test
  void slackShowsAngleBracketsAndAmpersandsAsText() {
    JsonObject attachment = attachment(post("slack"));

    String text = attachment.getString("text");
    assertFalse(text.contains("<"), text);
    assertFalse(text.contains(">"), text);
    assertTrue(text.startsWith("&lt;!channel&gt;"), text);
    assertTrue(text.contains("&lt;https://evil.example|the logs&gt;"), text);
    assertTrue(text.contains(" &amp; "), text);
    JsonObject field = attachment.getJsonArray("fields").getJsonObject(0);
    assertEquals("&lt;!here&gt; metric", field.getString("title"));
    assertEquals("value &lt;https://evil.example|1&gt;", field.getString("value"));
  }

  @Test
  void discordNeutralisesMentionsAndAllowsNone() {
    JsonObject body = post("discord");
    String text = attachment(body).getString("text");

    assertFalse(text.contains("@everyone"), text);
    assertFalse(text.contains("@here"), text);
    assertFalse(text.contains("<"), text);
    assertEquals(new JsonObject().put("parse", List.of()), body.getJsonObject("allowed_mentions"));
  }

  @Test
  void rocketChatNeutralisesMentionsAndLinks() {
    String text = attachment(post("rocket")).getString("text");

    assertFalse(text.contains("@all"), text);
    assertFalse(text.contains("@here"), text);
    assertFalse(text.contains("<https://"), text);
    assertFalse(text.contains("](https://"), text);
  }

  @Test
  void teamsShowsMarkupAndLinksAsText() {
    JsonObject section = post("msteams").getJsonArray("sections").getJsonObject(0);
    String title = section.getString("activityTitle");

    assertFalse(title.contains("<"), title);
    assertFalse(title.contains("](https://"), title);
    assertTrue(title.contains("&lt;at&gt;Boss&lt;/at&gt;"), title);
    assertEquals(
        "value &lt;https://evil.example|1&gt;",
        section.getJsonArray("facts").getJsonObject(0).getString("value"));
  }

  @Test
  void googleChatShowsMarkupAsText() {
    String body = post("gchat").encode();

    assertFalse(body.contains("<https://"), body);
    assertFalse(body.contains("<!here>"), body);
    assertTrue(body.contains("&lt;!channel&gt;"), body);
  }

  private static JsonObject attachment(JsonObject body) {
    return body.getJsonArray("attachments").getJsonObject(0);
  }

  private static JsonObject post(String type) {
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType(type);
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      NotifyResult result =
          factory
              .forProvider(spec, new ProviderCredentials(receiver.url("/hook"), null, null))
              .post(MESSAGE);
      assertEquals(new NotifyResult.Sent(200), result);
      return new JsonObject(receiver.received().get(0).body());
    }
  }
}

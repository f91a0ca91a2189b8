package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.AlertProviderSpec;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifierFactoryTest {
  private static Vertx vertx;
  private static NotifierFactory factory;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    factory = new NotifierFactory(new NotificationTransport(vertx));
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static AlertProviderSpec spec(String type) {
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType(type);
    return spec;
  }

  @ParameterizedTest
  @CsvSource({
    "slack, SlackNotifier",
    "msteams, MsTeamsNotifier",
    "discord, DiscordNotifier",
    "rocket, RocketNotifier",
    "gchat, GoogleChatNotifier",
    "webhook, WebhookNotifier",
    "Slack, SlackNotifier"
  })
  void eachTypeGetsItsOwnNotifier(String type, String className) {
    Notifier notifier = factory.forProvider(spec(type), "https://hooks.example/x", null);

    assertEquals(className, notifier.getClass().getSimpleName());
  }

  @Test
  void unknownTypeFailsEveryPostWithAClearReason() {
    Notifier notifier = factory.forProvider(spec("pagerduty"), "https://hooks.example/x", null);

    NotifyResult result =
        notifier.post(new Notification("podinfo", "test", "Failed", "m", Severity.ERROR, null));

    String reason = assertInstanceOf(NotifyResult.Failed.class, result).reason();
    assertTrue(reason.contains("unsupported AlertProvider type 'pagerduty'"), reason);
    assertTrue(reason.contains("slack, msteams, discord, rocket, gchat, webhook"), reason);
  }

  @Test
  void missingAddressFailsEveryPost() {
    NotifyResult result =
        factory
            .forProvider(spec("slack"), " ", null)
            .post(new Notification("podinfo", "test", null, "m", Severity.INFO, null));

    assertTrue(
        assertInstanceOf(NotifyResult.Failed.class, result).reason().contains("has no address"));
  }

  @ParameterizedTest
  @CsvSource({
    "https://discord.com/api/webhooks/1/abc, https://discord.com/api/webhooks/1/abc/slack",
    "https://discord.com/api/webhooks/1/abc/, https://discord.com/api/webhooks/1/abc/slack",
    "https://discord.com/api/webhooks/1/abc/slack, https://discord.com/api/webhooks/1/abc/slack",
    "https://discord.com/api/webhooks/1/abc?wait=true, https://discord.com/api/webhooks/1/abc/slack?wait=true"
  })
  void discordUsesTheSlackCompatibleEndpoint(String address, String endpoint) {
    assertEquals(endpoint, DiscordNotifier.slackEndpoint(address));
  }
}

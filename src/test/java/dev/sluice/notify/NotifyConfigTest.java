package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.config.SluiceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keys the README documents are the keys the mappings read, beside {@link SluiceConfig}. */
class NotifyConfigTest {

  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        // Quarkus' own converter: "5s" is not an ISO-8601 duration
        .withConverter(Duration.class, 200, new DurationConverter())
        .withMapping(SluiceConfig.class)
        .withMapping(NotifyConfig.class)
        .withMapping(EventWebhookConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build();
  }

  @Test
  void everyKeyIsRead() {
    SmallRyeConfig config =
        config(
            Map.ofEntries(
                Map.entry("sluice.mesh-provider", "kubernetes"),
                Map.entry("sluice.event-webhook", "https://events.example.com/hook"),
                Map.entry("sluice.notify.template", "[{cluster}] {message}"),
                Map.entry("sluice.notify.cluster-name", "prod-eu"),
                Map.entry("sluice.notify.default.type", "msteams"),
                Map.entry("sluice.notify.default.address", "https://teams.example.com/x"),
                Map.entry("sluice.notify.default.channel", "deploys"),
                Map.entry("sluice.notify.default.username", "sluice"),
                Map.entry("sluice.notify.default.proxy", "http://proxy:3128"),
                Map.entry("sluice.notify.event-hook-max-timeout", "3s"),
                Map.entry("sluice.notify.event-hook-max-retries", "1"),
                Map.entry("sluice.notify.queue-capacity", "50"),
                Map.entry("sluice.notify.shutdown-grace", "2s")));

    NotifyConfig notify = config.getConfigMapping(NotifyConfig.class);
    assertEquals("[{cluster}] {message}", notify.template());
    assertEquals(Optional.of("prod-eu"), notify.clusterName());
    assertEquals(Optional.of("msteams"), notify.defaultNotifier().type());
    assertEquals(Optional.of("https://teams.example.com/x"), notify.defaultNotifier().address());
    assertEquals(Optional.of("deploys"), notify.defaultNotifier().channel());
    assertEquals(Optional.of("sluice"), notify.defaultNotifier().username());
    assertEquals(Optional.of("http://proxy:3128"), notify.defaultNotifier().proxy());
    assertEquals(Duration.ofSeconds(3), notify.eventHookMaxTimeout());
    assertEquals(1, notify.eventHookMaxRetries());
    assertEquals(50, notify.queueCapacity());
    assertEquals(Duration.ofSeconds(2), notify.shutdownGrace());
    assertEquals(
        Optional.of("https://events.example.com/hook"),
        config.getConfigMapping(EventWebhookConfig.class).eventWebhook());
    assertEquals("kubernetes", config.getConfigMapping(SluiceConfig.class).meshProvider());
  }

  @Test
  void defaultsAreOff() {
    SmallRyeConfig config = config(Map.of());

    NotifyConfig notify = config.getConfigMapping(NotifyConfig.class);
    assertEquals("{message}", notify.template());
    assertEquals(Optional.empty(), notify.clusterName());
    assertEquals(Optional.empty(), notify.defaultNotifier().address());
    assertEquals(100, notify.queueCapacity());
    assertEquals(Duration.ofSeconds(10), notify.eventHookMaxTimeout());
    assertEquals(2, notify.eventHookMaxRetries());
    assertEquals(Duration.ofSeconds(5), notify.shutdownGrace());
    assertEquals(
        Optional.empty(), config.getConfigMapping(EventWebhookConfig.class).eventWebhook());
  }
}

package dev.sluice.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.HookType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

  @Test
  void rolloutHookCarriesFlaggerFieldsInFlaggerOrder() {
    CanaryWebhook hook =
        hook("load-test", "pre-rollout", Map.of("cmd", "hey -z 1m http://podinfo"));

    String json = WebhookPayload.of("podinfo", "test", "Progressing", "6c8f9d", hook).toJson();

    assertEquals(
        "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
            + "\"checksum\":\"6c8f9d\",\"type\":\"pre-rollout\","
            + "\"metadata\":{\"cmd\":\"hey -z 1m http://podinfo\"}}",
        json);
  }

  @Test
  void metadataIsLeftOutWhenEmptyAndBlankTypeMeansRollout() {
    String json =
        WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook("h", null, null)).toJson();

    assertEquals(
        "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
            + "\"checksum\":\"c1\",\"type\":\"rollout\"}",
        json);
  }

  @Test
  void eventHookPutsTheEventInMetadataAndItsKeysWin() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("eventType", "spoofed");
    metadata.put("env", "prod");
    CanaryWebhook hook = hook("events", "event", metadata);

    WebhookPayload payload =
        WebhookPayload.event(
            "podinfo",
            "test",
            "Failed",
            "c1",
            hook,
            "Canary failed! Rolling back podinfo.test",
            "Warning",
            Instant.ofEpochMilli(1_700_000_000_123L));

    assertEquals(
        "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Failed\","
            + "\"checksum\":\"c1\",\"type\":\"event\",\"metadata\":{"
            + "\"eventMessage\":\"Canary failed! Rolling back podinfo.test\","
            + "\"eventType\":\"Warning\",\"timestamp\":\"1700000000123\",\"env\":\"prod\"}}",
        payload.toJson());
  }

  @Test
  void hookTypesParseAsManifestsWriteThem() {
    assertEquals(
        HookType.CONFIRM_TRAFFIC_INCREASE, HookType.parse("confirm-traffic-increase").get());
    assertEquals(HookType.ROLLOUT, HookType.parse("").get());
    assertFalse(HookType.parse("pre_rollout").isPresent());
  }

  static CanaryWebhook hook(String name, String type, Map<String, String> metadata) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName(name);
    hook.setType(type);
    hook.setMetadata(metadata);
    return hook;
  }
}

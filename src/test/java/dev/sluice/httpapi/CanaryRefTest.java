package dev.sluice.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CanaryRefTest {

  @Test
  void flaggersPayloadNamesTheCanary() {
    String payload =
        """
        {"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"6d9b",
         "type":"confirm-promotion","metadata":{"a":"b"}}""";

    CanaryRef ref = CanaryRef.fromWebhookPayload(payload);

    assertEquals(new CanaryRef("test", "podinfo"), ref);
    assertEquals("test/podinfo", ref.toString());
  }

  @Test
  void aPayloadThatNamesNoValidCanaryIsRefusedWithItsReason() {
    assertReason("body is not JSON", "{");
    assertReason("body must be a JSON object with name and namespace", "\"podinfo\"");
    assertReason("body must be a JSON object with name and namespace", null);
    assertReason("body has no name", "{\"namespace\":\"test\"}");
    assertReason("body has no namespace", "{\"name\":\"podinfo\",\"namespace\":null}");
    assertReason("name must be a string", "{\"name\":1,\"namespace\":\"test\"}");
    assertReason("no namespace", "{\"name\":\"podinfo\",\"namespace\":\"\"}");
    assertReason(
        "name is not a valid Kubernetes name: a/b", "{\"name\":\"a/b\",\"namespace\":\"test\"}");
    assertReason(
        "namespace is not a valid Kubernetes name: Test",
        "{\"name\":\"podinfo\",\"namespace\":\"Test\"}");
  }

  /** The reason is the message, or its start when the JSON parser's own detail follows. */
  private static void assertReason(String reason, String body) {
    String message =
        assertThrows(BadRequestException.class, () -> CanaryRef.fromWebhookPayload(body))
            .getMessage();
    assertTrue(message.equals(reason) || message.startsWith(reason + ": "), message);
    assertFalse(message.contains("\n"), "one line: " + message);
  }
}

package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.AlertProviderSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderCredentialsTest {

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static AlertProviderSpec spec(String address, String proxy) {
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType("slack");
    spec.setAddress(address);
    spec.setProxy(proxy);
    return spec;
  }

  @Test
  void secretAddressProxyAndTokenWinOverTheSpecAndAreTrimmed() {
    Map<String, String> data =
        Map.of(
            "address", b64("https://hooks.slack.com/services/T/B/secret\n"),
            "proxy", b64("http://proxy:3128"),
            "token", b64("xoxb-1 "));

    var resolution =
        ProviderCredentials.resolve(spec("https://spec.example/x", "http://p:1"), data);

    var creds = assertInstanceOf(ProviderCredentials.Resolved.class, resolution).credentials();
    assertEquals("https://hooks.slack.com/services/T/B/secret", creds.address());
    assertEquals("http://proxy:3128", creds.proxy());
    assertEquals("xoxb-1", creds.token());
  }

  @Test
  void specAddressIsKeptWhenTheSecretOnlyHasAToken() {
    var resolution =
        ProviderCredentials.resolve(
            spec("https://slack.com/api/chat.postMessage", null), Map.of("token", b64("xoxb-2")));

    var creds = assertInstanceOf(ProviderCredentials.Resolved.class, resolution).credentials();
    assertEquals("https://slack.com/api/chat.postMessage", creds.address());
    assertNull(creds.proxy());
    assertEquals("xoxb-2", creds.token());
  }

  @Test
  void noAddressAnywhereIsInvalidWithAReason() {
    var withSecret = ProviderCredentials.resolve(spec(null, null), Map.of("token", b64("t")));
    var withoutSecret = ProviderCredentials.resolve(spec("", null), null);

    assertTrue(
        assertInstanceOf(ProviderCredentials.Invalid.class, withSecret)
            .reason()
            .contains("'address'"));
    assertTrue(
        assertInstanceOf(ProviderCredentials.Invalid.class, withoutSecret)
            .reason()
            .contains("neither spec.address nor a secretRef"));
  }

  @Test
  void badBase64IsInvalidWithoutEchoingTheValue() {
    var resolution = ProviderCredentials.resolve(spec(null, null), Map.of("address", "%%secret%%"));

    String reason = assertInstanceOf(ProviderCredentials.Invalid.class, resolution).reason();
    assertFalse(reason.contains("secret%%"));
  }

  @Test
  void toStringMasksEverySecret() {
    var creds =
        new ProviderCredentials(
            "https://hooks.slack.com/services/T/B/abc", "http://u:pw@proxy:3128", "xoxb-9");

    String shown = creds.toString();

    assertFalse(shown.contains("abc"));
    assertFalse(shown.contains("pw"));
    assertFalse(shown.contains("xoxb-9"));
    assertTrue(shown.contains("https://hooks.slack.com/***"));
  }
}

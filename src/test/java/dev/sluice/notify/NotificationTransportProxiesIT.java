package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.LoopbackReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client per proxy is kept while it is used, under a key that does not hold the proxy's
 * credentials, and dropped once idle when asked (a Canary was deleted): rotated proxy passwords and
 * AlertProviders that are gone do not pile up clients.
 */
class NotificationTransportProxiesIT {
  private static final String PASSWORD = "pr0xy-pw";
  private static Vertx vertx;
  private static NotificationTransport transport;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    transport = new NotificationTransport(vertx, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    transport.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aProxyClientIsKeptWithoutItsCredentialsAndDroppedOnceIdle() {
    try (var proxy = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      String proxyAddress = "http://relay:" + PASSWORD + "@127.0.0.1:" + proxy.port();

      assertInstanceOf(NotifyResult.Sent.class, post(proxyAddress));
      String expected =
          "Basic " + Base64.getEncoder().encodeToString(("relay:" + PASSWORD).getBytes());
      assertEquals(expected, proxy.received().get(0).header("Proxy-Authorization"));
      assertEquals(1, transport.heldProxies());
      assertFalse(transport.proxyKeysContain(PASSWORD), "the key holds no password");

      transport.dropIdleProxies();
      assertEquals(0, transport.heldProxies());

      assertInstanceOf(NotifyResult.Sent.class, post(proxyAddress), "made again when used again");
      assertEquals(2, proxy.received().size());
      assertEquals(1, transport.heldProxies());
      transport.dropIdleProxies();
    }
  }

  @Test
  void aProxyAtADeniedAddressIsRefusedWithoutACall() {
    NotifyResult result = post("http://169.254.169.254:80");
    assertInstanceOf(NotifyResult.Failed.class, result);
    assertTrue(result.toString().contains("deny list"), result.toString());
    transport.dropIdleProxies();
  }

  private static NotifyResult post(String proxyAddress) {
    return transport.postJson(
        "slack", "http://chat.example/hook", proxyAddress, Map.of(), new JsonObject());
  }
}

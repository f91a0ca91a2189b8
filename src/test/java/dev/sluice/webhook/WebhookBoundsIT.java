package dev.sluice.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.outbound.HttpClients;
import dev.sluice.testing.EndlessReceiver;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose answer never ends cannot hold a webhook call past the hook's timeout, keep its
 * connection open after the call gave up, or fill the heap: the timeout is a total deadline and the
 * body is capped.
 */
class WebhookBoundsIT {
  private static final Logger LOG = Logger.getLogger(WebhookBoundsIT.class);
  private static final Duration SLACK = Duration.ofSeconds(2);

  /** Far below what an unbounded read takes in ({@link EndlessReceiver#MAX_BYTES}). */
  private static final long BOUNDED = 16L * 1024 * 1024;

  private static Vertx vertx;
  private static HttpClients http;
  private static WebhookClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = new HttpClients(vertx);
    client =
        new WebhookClient(http, new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)));
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void endlessBodyIsCutAtTheCapAndTheConnectionClosed() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.streaming("text/plain")) {
      CanaryWebhook hook = hook(receiver.url("/hook"), "5s", 1);

      long started = System.nanoTime();
      WebhookResult result = call(hook);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      LOG.infof(
          "endless body: returned in %d ms, server wrote %d bytes: %s",
          took.toMillis(), receiver.bytesSent(), result.reason());
      assertFalse(result.passed(), result.reason());
      assertTrue(result.reason().contains("larger than 1048576 bytes"), result.reason());
      // a receiver that answers too much will do it again: not retried, its status kept
      assertEquals(1, result.attempts(), result.reason());
      assertEquals(200, result.status(), result.reason());
      assertTrue(took.compareTo(Duration.ofSeconds(5).plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
      assertTrue(receiver.bytesSent() < BOUNDED, "server wrote " + receiver.bytesSent());
    }
  }

  @Test
  void tricklingBodyEndsAtTheTotalDeadlineOnEveryAttempt() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.trickling("text/plain")) {
      CanaryWebhook hook = hook(receiver.url("/hook"), "2s", 1);

      long started = System.nanoTime();
      WebhookResult result = call(hook);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      LOG.infof("trickling body: returned in %d ms: %s", took.toMillis(), result.reason());
      assertFalse(result.passed(), result.reason());
      assertEquals(2, result.attempts(), result.reason());
      assertTrue(result.reason().contains("no answer within 2s"), result.reason());
      // two attempts of 2s and a 10ms pause, with room for a slow machine
      assertTrue(took.compareTo(Duration.ofSeconds(4).plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
      assertEventually(() -> receiver.closedByClient() == 2, "both connections closed");
    }
  }

  @Test
  void stalledBodyEndsAtTheTotalDeadline() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.stalling("text/plain")) {
      CanaryWebhook hook = hook(receiver.url("/hook"), "2s", 0);

      long started = System.nanoTime();
      WebhookResult result = call(hook);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertFalse(result.passed(), result.reason());
      assertTrue(result.reason().contains("no answer within 2s"), result.reason());
      assertTrue(took.compareTo(Duration.ofSeconds(2).plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
    }
  }

  private static WebhookResult call(CanaryWebhook hook) {
    return client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));
  }

  private static CanaryWebhook hook(String url, String timeout, int retries) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName("endless");
    hook.setType("pre-rollout");
    hook.setUrl(url);
    hook.setTimeout(timeout);
    hook.setRetries(retries);
    return hook;
  }

  static void assertEventually(java.util.function.BooleanSupplier condition, String what) {
    org.awaitility.Awaitility.await(what)
        .atMost(Duration.ofSeconds(2))
        .until(condition::getAsBoolean);
  }
}

package dev.sluice.webhook;

import static dev.sluice.testing.LoopbackReceiver.answer;
import static dev.sluice.testing.LoopbackReceiver.held;
import static dev.sluice.webhook.WebhookPayloadTest.hook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.outbound.HttpClients;
import dev.sluice.testing.LoopbackReceiver;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against real loopback receivers; waits between retries are shortened to 10ms. */
class WebhookClientIT {
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
  void rolloutHookPostsFlaggerPayloadWithMetadata() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(200, "ok"))) {
      CanaryWebhook hook = hook("load-test", "rollout", Map.of("cmd", "hey -z 1m http://podinfo"));
      hook.setUrl(receiver.url("/"));

      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

      assertTrue(result.passed(), result.reason());
      assertEquals(200, result.status());
      assertEquals(1, result.attempts());
      LoopbackReceiver.Received request = receiver.received().get(0);
      assertEquals("POST", request.method());
      assertEquals("application/json", request.contentType());
      assertEquals(
          "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
              + "\"checksum\":\"c1\",\"type\":\"rollout\","
              + "\"metadata\":{\"cmd\":\"hey -z 1m http://podinfo\"}}",
          request.body());
    }
  }

  @Test
  void callsOfCanariesStuckOnAHostHoldUpNoOtherCanarysCallToIt() {
    // a load tester shared by every canary, stuck for five of them: their calls hold five
    // connections (Vert.x's default pool per host), and a sixth canary's call must still get one
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(held(), held(), held(), held(), held(), answer(200, "ok"));
        var canaries = new CanaryThreads()) {
      for (int i = 0; i < 5; i++) {
        CanaryWebhook stuck = hook("stuck-" + i, "rollout", Map.of());
        stuck.setUrl(receiver.url("/"));
        stuck.setTimeout("1m");
        canaries.run(
            () -> client.call(stuck, WebhookPayload.of("s", "t", "Progressing", "c", stuck)));
      }
      org.awaitility.Awaitility.await().until(() -> receiver.received().size() == 5);

      CanaryWebhook other = hook("other", "rollout", Map.of());
      other.setUrl(receiver.url("/"));
      other.setTimeout("5s");
      WebhookResult result =
          client.call(other, WebhookPayload.of("other", "t", "Progressing", "c", other));

      assertTrue(result.passed(), result.reason());
    }
  }

  /** The threads of canaries whose ticks wait on their calls. */
  private static final class CanaryThreads implements AutoCloseable {
    private final java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newCachedThreadPool();

    void run(Runnable call) {
      pool.execute(call);
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  @Test
  void eventHookPostsTheEventInMetadata() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(202, ""))) {
      CanaryWebhook hook = hook("events", "event", Map.of("cluster", "eu-1"));
      hook.setUrl(receiver.url("/events"));

      WebhookResult result =
          client.call(
              hook,
              WebhookPayload.event(
                  "podinfo",
                  "test",
                  "Progressing",
                  "c1",
                  hook,
                  "Advance podinfo.test canary weight 10",
                  "Normal",
                  Instant.ofEpochMilli(1_700_000_000_000L)));

      assertTrue(result.passed(), result.reason());
      assertEquals(
          "{\"name\":\"podinfo\",\"namespace\":\"test\",\"phase\":\"Progressing\","
              + "\"checksum\":\"c1\",\"type\":\"event\",\"metadata\":{"
              + "\"eventMessage\":\"Advance podinfo.test canary weight 10\","
              + "\"eventType\":\"Normal\",\"timestamp\":\"1700000000000\",\"cluster\":\"eu-1\"}}",
          receiver.received().get(0).body());
      assertEquals("/events", receiver.received().get(0).path());
    }
  }

  @Test
  void only200To202PassAsInFlagger() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(answer(201, ""), answer(204, ""), answer(302, ""))) {
      CanaryWebhook hook = hook("gate", "confirm-promotion", null);
      hook.setUrl(receiver.url("/gate/check"));
      WebhookPayload payload = WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook);

      WebhookResult created = client.call(hook, payload);
      WebhookResult noContent = client.call(hook, payload);
      WebhookResult redirect = client.call(hook, payload);

      assertTrue(created.passed(), created.reason());
      assertFalse(noContent.passed());
      assertEquals(204, noContent.status());
      assertFalse(redirect.passed());
      assertTrue(redirect.reason().contains("HTTP 302"), redirect.reason());
    }
  }

  @Test
  void non2xxSurfacesStatusAndLengthNotTheBodyWithoutRetryingA4xx() {
    String body = "helm test failed: " + "x".repeat(500);
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(403, body))) {
      CanaryWebhook hook = hook("helm-test", "pre-rollout", null);
      hook.setUrl(receiver.url("/"));
      hook.setRetries(3);

      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

      assertFalse(result.passed());
      assertEquals(403, result.status());
      assertEquals(1, result.attempts(), "a 4xx is final, as in go-retryablehttp");
      assertEquals(1, receiver.received().size());
      // the answer of a receiver a tenant picked may be an internal service's: never echoed
      assertTrue(
          result.reason().endsWith("HTTP 403 (an answer of 518 bytes, not shown)"),
          result.reason());
      assertTrue(result.reason().contains("webhook helm-test"), result.reason());
      assertFalse(result.reason().contains("helm test failed"), result.reason());
    }
  }

  @Test
  void retriesAfter5xxThenSucceeds() {
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(
            answer(503, "warming up"), answer(500, "still"), answer(200, "ok"))) {
      CanaryWebhook hook = hook("smoke", "rollout", null);
      hook.setUrl(receiver.url("/"));
      hook.setRetries(2);

      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

      assertTrue(result.passed(), result.reason());
      assertEquals(3, result.attempts());
      assertEquals(3, receiver.received().size());
      assertEquals(receiver.received().get(0).body(), receiver.received().get(2).body());
    }
  }

  @Test
  void exhaustedRetriesKeepTheLastStatus() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(502, "bad gateway"))) {
      CanaryWebhook hook = hook("smoke", "rollout", null);
      hook.setUrl(receiver.url("/"));
      hook.setRetries(1);

      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

      assertFalse(result.passed());
      assertEquals(502, result.status());
      assertEquals(2, receiver.received().size());
      assertTrue(
          result.reason().contains("failed after 2 attempts: HTTP 502 (an answer of 11 bytes"),
          result.reason());
    }
  }

  @Test
  void timeoutBoundsEachAttempt() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(held())) {
      CanaryWebhook hook = hook("slow", "rollout", null);
      hook.setUrl(receiver.url("/"));
      hook.setTimeout("300ms");

      long start = System.nanoTime();
      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertFalse(result.passed());
      assertEquals(0, result.status());
      assertTrue(result.reason().contains("no answer within 300ms"), result.reason());
      assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }
  }

  @Test
  void connectionRefusedIsRetriedAndReported() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CanaryWebhook hook = hook("gone", "post-rollout", null);
    hook.setUrl("http://127.0.0.1:" + port + "/");
    hook.setRetries(2);

    WebhookResult result =
        client.call(hook, WebhookPayload.of("podinfo", "test", "Succeeded", "c1", hook));

    assertFalse(result.passed());
    assertEquals(0, result.status());
    assertEquals(3, result.attempts());
    assertTrue(result.reason().toLowerCase().contains("refused"), result.reason());
  }

  @Test
  void credentialsInTheUrlAreSentAsBasicAuthAndMaskedInTheReason() {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(500, "nope"))) {
      CanaryWebhook hook = hook("ci", "confirm-rollout", null);
      hook.setUrl(
          "http://deployer:s3cr3t-pass@127.0.0.1:"
              + receiver.port()
              + "/gate/check?token=tok-98765&canary=podinfo");

      WebhookResult result =
          client.call(hook, WebhookPayload.of("podinfo", "test", "Waiting", "c1", hook));

      assertFalse(result.passed());
      String reason = result.reason();
      assertFalse(reason.contains("s3cr3t-pass"), reason);
      assertFalse(reason.contains("deployer"), reason);
      assertFalse(reason.contains("tok-98765"), reason);
      assertTrue(
          reason.contains(
              "http://***@127.0.0.1:" + receiver.port() + "/gate/check?token=***&canary=***"),
          reason);
      LoopbackReceiver.Received request = receiver.received().get(0);
      assertEquals("token=tok-98765&canary=podinfo", request.query());
      assertEquals(
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("deployer:s3cr3t-pass".getBytes(StandardCharsets.UTF_8)),
          request.authorization());
    }
  }

  @Test
  void invalidUrlFailsWithoutEchoingIt() {
    CanaryWebhook hook = hook("bad", "rollout", null);
    hook.setUrl("ftp://user:pw-secret@example.com/x");

    WebhookResult result =
        client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

    assertFalse(result.passed());
    assertEquals(0, result.attempts());
    assertFalse(result.reason().contains("pw-secret"), result.reason());
  }

  @Test
  void aMetadataAddressIsRefusedWithoutACallAndWithoutRetries() {
    CanaryWebhook hook = hook("steal", "event", null);
    hook.setUrl("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    hook.setRetries(3);
    hook.setTimeout("30s");

    WebhookResult result =
        client.call(hook, WebhookPayload.of("podinfo", "test", "Progressing", "c1", hook));

    assertFalse(result.passed());
    assertEquals(0, result.status());
    assertEquals(1, result.attempts(), "a refused address is refused again: not retried");
    assertTrue(
        result
            .reason()
            .contains(
                "not sent, refused: 169.254.169.254:80 resolves to 169.254.169.254, in the deny list"),
        result.reason());
  }

  @Test
  void calledOnAnEventLoopItRefusesInsteadOfBlocking() {
    CanaryWebhook hook = hook("h", "rollout", null);
    hook.setUrl("http://127.0.0.1:1/");

    WebhookResult result =
        vertx
            .executeBlocking(() -> null)
            .compose(
                ignored ->
                    vertx
                        .getOrCreateContext()
                        .<WebhookResult>executeBlocking(() -> null)
                        .map(x -> client.call(hook, WebhookPayload.of("p", "t", "P", "c", hook))))
            .toCompletionStage()
            .toCompletableFuture()
            .join();

    assertFalse(result.passed());
    assertTrue(result.reason().contains("event-loop"), result.reason());
  }
}

package dev.sluice.outbound;

import static dev.sluice.testing.LoopbackReceiver.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.EndlessReceiver;
import dev.sluice.testing.LoopbackReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bounded client against loopback servers: the cap's edge, the caller giving up, requests. */
class BoundedClientIT {
  private static final Duration SLACK = Duration.ofSeconds(2);

  private static Vertx vertx;
  private static BoundedClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = new BoundedClient(vertx, HttpClients.options());
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aNameIsCheckedOnItsAddressAndTheCallGoesToThatAddress() throws Exception {
    // a resolver of this test only: the system's own cannot answer for these names, so the
    // receiver is reached only if the call connects to the address that was checked
    AddressPolicy policy =
        new AddressPolicy(
            List.of(AddressPolicy.DEFAULT_DENY.split(",")),
            List.of(),
            Set::of,
            host ->
                switch (host) {
                  case "receiver.test" -> List.of(InetAddress.getByName("127.0.0.1"));
                  case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
                  default -> throw new UnknownHostException(host);
                });
    BoundedClient pinned = new BoundedClient(vertx, HttpClients.options(), policy);
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(200, "ok"))) {
      String allowed = "http://receiver.test:" + receiver.port() + "/hook";
      String denied = "http://metadata.test:" + receiver.port() + "/latest/meta-data/";

      BoundedAnswer answer = pinned.call(BoundedRequest.get(allowed, new Bounds(SLACK, 1000)));
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () -> pinned.call(BoundedRequest.get(denied, new Bounds(SLACK, 1000))));

      assertEquals(200, answer.status());
      assertEquals(1, receiver.received().size(), "the refused call sent nothing");
      assertEquals("receiver.test:" + receiver.port(), receiver.received().get(0).header("Host"));
      assertEquals(
          "metadata.test:"
              + receiver.port()
              + " resolves to 169.254.169.254, in the deny list (sluice.outbound.deny:"
              + " 169.254.0.0/16)",
          assertInstanceOf(AddressRefusedException.class, refused.getCause()).getMessage());
    } finally {
      pinned.close();
    }
  }

  @Test
  void answerOfExactlyTheCapIsWholeAndOneByteMoreIsRefused() throws Exception {
    String body = "x".repeat(1000);
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(200, body))) {
      BoundedAnswer whole =
          client.call(BoundedRequest.get(receiver.url("/"), new Bounds(SLACK, 1000)));
      assertEquals(200, whole.status());
      assertEquals(body, whole.bodyAsString());

      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () -> client.call(BoundedRequest.get(receiver.url("/"), new Bounds(SLACK, 999))));
      AnswerTooLargeException tooLarge =
          assertInstanceOf(AnswerTooLargeException.class, refused.getCause());
      assertEquals(200, tooLarge.status());
      assertEquals("answer larger than 999 bytes (HTTP 200)", tooLarge.getMessage());
    }
  }

  @Test
  void callerThatStopsWaitingCancelsTheRequest() throws Exception {
    try (EndlessReceiver receiver = EndlessReceiver.trickling("text/plain")) {
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                try {
                  client.call(
                      BoundedRequest.get(
                          receiver.url("/"), new Bounds(Duration.ofSeconds(30), 1024)));
                } catch (Exception e) {
                  outcome.set(e);
                }
              });
      caller.start();
      // the caller is waiting on an answer that has started to arrive
      org.awaitility.Awaitility.await()
          .atMost(SLACK)
          .until(() -> receiver.bytesSent() > 0 || !caller.isAlive());

      caller.interrupt();
      caller.join(SLACK.toMillis());

      assertInstanceOf(InterruptedException.class, outcome.get());
      assertTrue(receiver.awaitClose(SLACK), "the connection outlived the caller");
    }
  }

  @Test
  void requestCarriesQueryHeadersAuthenticationAndBody() throws Exception {
    try (LoopbackReceiver receiver = LoopbackReceiver.answering(answer(202, "ok"))) {
      BoundedRequest request =
          BoundedRequest.postJson(
                  receiver.url("/api"), Buffer.buffer("{\"a\":1}"), new Bounds(SLACK, 1024))
              .queryParam("query", "sum(rate(x{a=\"b c\"}[1m])) by (a)")
              .header("X-Scope-OrgID", "team-a")
              .basicAuthentication("user", "p:ss");

      BoundedAnswer answer = client.call(request);

      assertEquals(202, answer.status());
      LoopbackReceiver.Received received = receiver.received().get(0);
      assertEquals("POST", received.method());
      assertEquals("sum(rate(x{a=\"b c\"}[1m])) by (a)", received.params().get("query"));
      assertEquals("team-a", received.header("X-Scope-OrgID"));
      assertEquals("sluice", received.header("User-Agent"));
      assertEquals("application/json", received.contentType());
      assertEquals(
          "Basic " + Base64.getEncoder().encodeToString("user:p:ss".getBytes()),
          received.authorization());
      assertEquals("{\"a\":1}", received.body());
    }
  }
}

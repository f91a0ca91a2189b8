package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.EndlessReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chat service whose answer never ends cannot hold a notification past the transport's timeout,
 * keep the connection open after the send gave up, or fill the heap.
 */
class NotificationTransportBoundsIT {
  private static final Logger LOG = Logger.getLogger(NotificationTransportBoundsIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Long enough for an unbounded read to take in far more than the cap. */
  private static final Duration LONG_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration SLACK = Duration.ofSeconds(2);

  /** Far below what an unbounded read takes in ({@link EndlessReceiver#MAX_BYTES}). */
  private static final long BOUNDED = 16L * 1024 * 1024;

  private static Vertx vertx;
  private static NotificationTransport transport;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    transport = new NotificationTransport(vertx, TIMEOUT);
  }

  @AfterAll
  static void stop() {
    transport.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void endlessAnswerIsCutAtTheCapAndTheConnectionClosed() throws InterruptedException {
    NotificationTransport patient = new NotificationTransport(vertx, LONG_TIMEOUT);
    try (EndlessReceiver receiver = EndlessReceiver.streaming("text/plain")) {
      long started = System.nanoTime();
      NotifyResult result = post(patient, receiver);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      NotifyResult.Failed failed = assertInstanceOf(NotifyResult.Failed.class, result);
      LOG.infof(
          "endless answer: returned in %d ms, server wrote %d bytes: %s",
          took.toMillis(), receiver.bytesSent(), failed.reason());
      assertTrue(failed.reason().contains("larger than 1048576 bytes"), failed.reason());
      assertTrue(took.compareTo(LONG_TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
      assertTrue(receiver.bytesSent() < BOUNDED, "server wrote " + receiver.bytesSent());
    } finally {
      patient.close();
    }
  }

  @Test
  void tricklingAnswerEndsAtTheTotalDeadline() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.trickling("text/plain")) {
      long started = System.nanoTime();
      NotifyResult result = post(transport, receiver);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      NotifyResult.Failed failed = assertInstanceOf(NotifyResult.Failed.class, result);
      LOG.infof("trickling answer: returned in %d ms: %s", took.toMillis(), failed.reason());
      assertTrue(failed.reason().contains("did not answer within 2000 ms"), failed.reason());
      assertTrue(took.compareTo(TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
    }
  }

  @Test
  void stalledAnswerEndsAtTheTotalDeadline() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.stalling("text/plain")) {
      long started = System.nanoTime();
      NotifyResult result = post(transport, receiver);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      NotifyResult.Failed failed = assertInstanceOf(NotifyResult.Failed.class, result);
      assertTrue(failed.reason().contains("did not answer within 2000 ms"), failed.reason());
      assertTrue(took.compareTo(TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
    }
  }

  private static NotifyResult post(NotificationTransport transport, EndlessReceiver receiver) {
    return transport.postJson(
        "slack", receiver.url("/services/T000/B000/XXXX"), null, Map.of(), new JsonObject());
  }
}

package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.outbound.HttpClients;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.EndlessReceiver;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus whose answer never ends cannot hold a query past its timeout, keep the connection
 * open after the query gave up, or fill the heap: the timeout is a total deadline and the answer is
 * capped at {@code sluice.prometheus.max-answer-bytes}. A Quarkus test only for SmallRye Fault
 * Tolerance's runtime: the client under test is built here with its own configuration.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PrometheusBoundsIT {
  private static final Logger LOG = Logger.getLogger(PrometheusBoundsIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Long enough for an unbounded read to take in far more than the cap. */
  private static final Duration LONG_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration SLACK = Duration.ofSeconds(2);
  private static final long CAP = 2L * 1024 * 1024;

  /** Far below what an unbounded read takes in ({@link EndlessReceiver#MAX_BYTES}). */
  private static final long BOUNDED = 16L * 1024 * 1024;

  private static Vertx vertx;
  private static HttpClients http;
  private static PrometheusClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = new HttpClients(vertx);
    client = new PrometheusClient(http, new Config(TIMEOUT, 0, CAP));
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void endlessAnswerIsCutAtTheCapAndTheConnectionClosed() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.streaming("application/json")) {
      long started = System.nanoTime();
      QueryResult result =
          client.query(PrometheusEndpoint.of(receiver.url(""), LONG_TIMEOUT), "vector(1)");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      QueryResult.Failed failed = assertInstanceOf(QueryResult.Failed.class, result);
      LOG.infof(
          "endless answer: returned in %d ms, server wrote %d bytes: %s",
          took.toMillis(), receiver.bytesSent(), failed.reason());
      assertTrue(failed.reason().contains("larger than " + CAP + " bytes"), failed.reason());
      assertTrue(took.compareTo(LONG_TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
      assertTrue(receiver.bytesSent() < BOUNDED, "server wrote " + receiver.bytesSent());
    }
  }

  @Test
  void tricklingAnswerEndsAtTheTotalDeadline() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.trickling("application/json")) {
      long started = System.nanoTime();
      QueryResult result = client.query(endpoint(receiver), "vector(1)");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      QueryResult.Failed failed = assertInstanceOf(QueryResult.Failed.class, result);
      LOG.infof("trickling answer: returned in %d ms: %s", took.toMillis(), failed.reason());
      assertTrue(failed.reason().contains("timed out after 2s"), failed.reason());
      assertTrue(took.compareTo(TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
    }
  }

  @Test
  void stalledAnswerEndsAtTheTotalDeadline() throws InterruptedException {
    try (EndlessReceiver receiver = EndlessReceiver.stalling("application/json")) {
      long started = System.nanoTime();
      QueryResult result = client.query(endpoint(receiver), "vector(1)");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      QueryResult.Failed failed = assertInstanceOf(QueryResult.Failed.class, result);
      assertTrue(failed.reason().contains("timed out after 2s"), failed.reason());
      assertTrue(took.compareTo(TIMEOUT.plus(SLACK)) < 0, "took " + took);
      assertTrue(receiver.awaitClose(SLACK), "the connection stayed open");
    }
  }

  private static PrometheusEndpoint endpoint(EndlessReceiver receiver) {
    return PrometheusEndpoint.of(receiver.url(""), TIMEOUT);
  }

  /** The defaults of {@link PrometheusConfig} but for the timeout, the retries and the cap. */
  record Config(Duration timeout, int retries, long maxAnswerBytes) implements PrometheusConfig {
    @Override
    public Duration retryDelay() {
      return Duration.ofMillis(10);
    }

    @Override
    public CircuitBreaker circuitBreaker() {
      return new CircuitBreaker() {
        @Override
        public int failureThreshold() {
          return 5;
        }

        @Override
        public Duration delay() {
          return Duration.ofSeconds(30);
        }
      };
    }

    @Override
    public Bulkhead bulkhead() {
      return new Bulkhead() {
        @Override
        public int maxConcurrent() {
          return 8;
        }

        @Override
        public int maxConcurrentPerCanary() {
          return 2;
        }
      };
    }
  }
}

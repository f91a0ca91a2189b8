package dev.sluice.metricprovider.prometheus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.outbound.HttpClients;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canaries sharing one Prometheus: one canary's slow queries must not cut another off it. The
 * shared {@link LoopbackReceiver} in its slow-answer mode plays Prometheus, holding the queries
 * named {@code slow_*} until the test lets them go and answering every other one at once. A Quarkus
 * test only for SmallRye Fault Tolerance's runtime; the client is built here, with small caps.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PrometheusIsolationIT {
  private static Vertx vertx;
  private static HttpClients http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = new HttpClients(vertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void oneCanarysTimeoutsOpenItsOwnBreakerNotTheOneOfAnotherCanaryOnTheSameAddress() {
    PrometheusClient client = new PrometheusClient(http, new Config(Duration.ofMillis(200), 8, 2));
    try (var prometheus = slowAndFastPrometheus()) {
      PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address(), null);
      // given: canary A's queries time out until its breaker opens
      assertTrue(failed(client.query(endpoint, "slow_a", "test/a")).contains("timed out"));
      assertTrue(failed(client.query(endpoint, "slow_a", "test/a")).contains("timed out"));
      assertTrue(
          failed(client.query(endpoint, "slow_a", "test/a")).startsWith("circuit open"),
          "A's breaker opened");
      // when / then: canary B, asking the same Prometheus, is answered by it
      assertEquals(new QueryResult.Value(1), client.query(endpoint, "fast", "test/b"));
      assertEquals(new QueryResult.Value(1), client.check(endpoint, "test/b"));
      assertEquals(2, received(prometheus, "slow_a"), "A's third query was not sent");
    }
  }

  @Test
  void oneCanaryCannotTakeEveryCallToAnAddress() throws Exception {
    PrometheusClient client = new PrometheusClient(http, new Config(Duration.ofSeconds(20), 8, 2));
    ExecutorService workers = Executors.newFixedThreadPool(5);
    try (var prometheus = slowAndFastPrometheus()) {
      PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address(), null);
      // given: canary A asks five slow queries at once
      List<Future<QueryResult>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(workers.submit(() -> client.query(endpoint, "slow_a", "test/a")));
      }
      // then: two reach Prometheus, three are turned away at once with no data
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> calls.stream().filter(Future::isDone).count() == 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> prometheus.heldNow() == 2);
      for (Future<QueryResult> call : calls.stream().filter(Future::isDone).toList()) {
        String reason = noData(call.get());
        assertTrue(reason.contains("2 queries of test/a already in flight"), reason);
      }
      // and canary B is answered while A's queries are held
      assertEquals(new QueryResult.Value(1), client.query(endpoint, "fast", "test/b"));
      assertEquals(2, prometheus.maxHeld());

      prometheus.release();
      for (Future<QueryResult> call : calls) {
        assertInstanceOf(QueryResult.class, call.get(10, TimeUnit.SECONDS));
      }
      assertEquals(2, received(prometheus, "slow_a"));
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void slowQueriesOfManyCanariesHoldNoMoreThanTheAddressCap() throws Exception {
    PrometheusClient client = new PrometheusClient(http, new Config(Duration.ofSeconds(20), 4, 2));
    ExecutorService workers = Executors.newFixedThreadPool(6);
    try (var prometheus = slowAndFastPrometheus()) {
      PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address(), null);
      List<Future<QueryResult>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String canary = "test/c" + i;
        calls.add(workers.submit(() -> client.query(endpoint, "slow_c", canary)));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> calls.stream().filter(Future::isDone).count() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> prometheus.heldNow() == 4);
      for (Future<QueryResult> call : calls.stream().filter(Future::isDone).toList()) {
        String reason = noData(call.get());
        assertTrue(reason.contains("4 queries already in flight"), reason);
      }
      prometheus.release();
      for (Future<QueryResult> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
      assertEquals(4, prometheus.maxHeld());
      assertEquals(4, received(prometheus, "slow_c"));
    } finally {
      workers.shutdownNow();
    }
  }

  private static String failed(QueryResult result) {
    return assertInstanceOf(QueryResult.Failed.class, result, result::toString).reason();
  }

  private static String noData(QueryResult result) {
    return assertInstanceOf(QueryResult.NoData.class, result, result::toString).reason();
  }

  /** Prometheus' instant query API answering 1; the {@code slow_*} queries held until release. */
  private static LoopbackReceiver slowAndFastPrometheus() {
    return LoopbackReceiver.holding(
        LoopbackReceiver.query(q -> q.startsWith("slow_")), LoopbackReceiver.sample(1));
  }

  private static long received(LoopbackReceiver prometheus, String query) {
    return prometheus.received(LoopbackReceiver.query(query::equals));
  }

  /** No retries, so that each query is one request; the breaker opens after two failures. */
  record Config(Duration timeout, int maxConcurrent, int maxConcurrentPerCanary)
      implements PrometheusConfig {
    @Override
    public long maxAnswerBytes() {
      return 1 << 20;
    }

    @Override
    public int retries() {
      return 0;
    }

    @Override
    public Duration retryDelay() {
      return Duration.ofMillis(10);
    }

    @Override
    public CircuitBreaker circuitBreaker() {
      return new CircuitBreaker() {
        @Override
        public int failureThreshold() {
          return 2;
        }

        @Override
        public Duration delay() {
          return Duration.ofSeconds(30);
        }
      };
    }

    @Override
    public Bulkhead bulkhead() {
      Config config = this;
      return new Bulkhead() {
        @Override
        public int maxConcurrent() {
          return config.maxConcurrent();
        }

        @Override
        public int maxConcurrentPerCanary() {
          return config.maxConcurrentPerCanary();
        }
      };
    }
  }
}

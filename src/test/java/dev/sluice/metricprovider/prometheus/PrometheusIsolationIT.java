package dev.sluice.metricprovider.prometheus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.outbound.HttpClients;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canaries sharing one Prometheus: one canary's slow queries must not cut another off it. A real
 * HTTP server on 127.0.0.1 plays Prometheus, holding the queries named {@code slow_*} until the
 * test lets them go and answering every other one at once. A Quarkus test only for SmallRye Fault
 * Tolerance's runtime; the client is built here, with small caps.
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
    try (var prometheus = new SlowAndFastPrometheus()) {
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
      assertEquals(2, prometheus.received("slow_a"), "A's third query was not sent");
    }
  }

  @Test
  void oneCanaryCannotTakeEveryCallToAnAddress() throws Exception {
    PrometheusClient client = new PrometheusClient(http, new Config(Duration.ofSeconds(20), 8, 2));
    ExecutorService workers = Executors.newFixedThreadPool(5);
    try (var prometheus = new SlowAndFastPrometheus()) {
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
      await().atMost(Duration.ofSeconds(10)).until(() -> prometheus.inFlight("slow_a") == 2);
      for (Future<QueryResult> call : calls.stream().filter(Future::isDone).toList()) {
        String reason = noData(call.get());
        assertTrue(reason.contains("2 queries of test/a already in flight"), reason);
      }
      // and canary B is answered while A's queries are held
      assertEquals(new QueryResult.Value(1), client.query(endpoint, "fast", "test/b"));
      assertEquals(2, prometheus.maxInFlight("slow_a"));

      prometheus.release();
      for (Future<QueryResult> call : calls) {
        assertInstanceOf(QueryResult.class, call.get(10, TimeUnit.SECONDS));
      }
      assertEquals(2, prometheus.received("slow_a"));
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void slowQueriesOfManyCanariesHoldNoMoreThanTheAddressCap() throws Exception {
    PrometheusClient client = new PrometheusClient(http, new Config(Duration.ofSeconds(20), 4, 2));
    ExecutorService workers = Executors.newFixedThreadPool(6);
    try (var prometheus = new SlowAndFastPrometheus()) {
      PrometheusEndpoint endpoint = PrometheusEndpoint.of(prometheus.address(), null);
      List<Future<QueryResult>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String canary = "test/c" + i;
        calls.add(workers.submit(() -> client.query(endpoint, "slow_c", canary)));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> calls.stream().filter(Future::isDone).count() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> prometheus.inFlight("slow_c") == 4);
      for (Future<QueryResult> call : calls.stream().filter(Future::isDone).toList()) {
        String reason = noData(call.get());
        assertTrue(reason.contains("4 queries already in flight"), reason);
      }
      prometheus.release();
      for (Future<QueryResult> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
      assertEquals(4, prometheus.maxInFlight("slow_c"));
      assertEquals(4, prometheus.received("slow_c"));
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

  /** Prometheus' instant query API; {@code slow_*} queries are held until {@link #release()}. */
  static final class SlowAndFastPrometheus implements AutoCloseable {
    private static final String SAMPLE =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1700000000.0,\"1\"]}]}}";
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    SlowAndFastPrometheus() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.setExecutor(executor);
      server.createContext("/api/v1/query", this::handle);
      server.start();
    }

    String address() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int received(String query) {
      return counter(received, query).get();
    }

    int inFlight(String query) {
      return counter(inFlight, query).get();
    }

    int maxInFlight(String query) {
      return counter(maxInFlight, query).get();
    }

    void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
      server.stop(0);
      executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
      String query = query(exchange.getRequestURI().getRawQuery());
      counter(received, query).incrementAndGet();
      if (query.startsWith("slow_")) {
        int now = counter(inFlight, query).incrementAndGet();
        counter(maxInFlight, query).accumulateAndGet(now, Math::max);
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          counter(inFlight, query).decrementAndGet();
        }
      }
      byte[] body = SAMPLE.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      try (OutputStream out = exchange.getResponseBody()) {
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      } catch (IOException e) {
        // the client gave up (timeout): nothing to answer to
      }
    }

    private static String query(String rawQuery) {
      for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
        if (pair.startsWith("query=")) {
          return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        }
      }
      return "";
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String query) {
      return counters.computeIfAbsent(query, q -> new AtomicInteger());
    }
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

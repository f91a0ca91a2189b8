package dev.sluice.metricprovider.prometheus;

import static dev.sluice.testing.LoopbackReceiver.answer;
import static dev.sluice.testing.LoopbackReceiver.held;
import static dev.sluice.testing.LoopbackReceiver.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.playground.PrometheusProcess;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.MetricsTarget;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a real Prometheus scraping a real target, and against a scripted server for
 * the failures a real Prometheus will not produce on demand. Runs with the default {@code
 * sluice.prometheus.*}: 2 retries 200ms apart, breaker open after 5 failures.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PrometheusClientIT {
  private static final Logger LOG = Logger.getLogger(PrometheusClientIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String[] PODINFO = {
    "destination_workload", "podinfo",
    "destination_workload_namespace", "test",
    "reporter", "destination"
  };
  private static final String OK = series("istio_requests_total", "response_code", "200");
  private static final String ERRORS = series("istio_requests_total", "response_code", "500");
  // the canary's series change during a test; podinfo's stay as set at start
  private static final String CANARY_OK =
      MetricsTarget.series(
          "istio_requests_total", "destination_workload", "podinfo-canary", "response_code", "200");
  private static final String CANARY_ERRORS =
      MetricsTarget.series(
          "istio_requests_total", "destination_workload", "podinfo-canary", "response_code", "503");
  private static final String[] CANARY = {"destination_workload", "podinfo-canary"};
  private static final double[] BOUNDS = {25, 50, 100, 250};

  private static MetricsTarget app;
  private static PrometheusProcess prometheus;

  @Inject PrometheusClient client;

  @BeforeAll
  static void startPrometheus() {
    app =
        MetricsTarget.start()
            .type("istio_requests_total", "counter")
            .set(OK, 100)
            .set(ERRORS, 0)
            .set(CANARY_OK, 0)
            .set(CANARY_ERRORS, 0)
            .observe("istio_request_duration_milliseconds", BOUNDS, 10, 0, CANARY);
    prometheus = PrometheusProcess.start(List.of(app.hostPort()));
    LOG.infof("Prometheus ready and scraped in %d ms", prometheus.startupTime().toMillis());
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private static String series(String name, String... extra) {
    String[] labels = new String[PODINFO.length + extra.length];
    System.arraycopy(PODINFO, 0, labels, 0, PODINFO.length);
    System.arraycopy(extra, 0, labels, PODINFO.length, extra.length);
    return MetricsTarget.series(name, labels);
  }

  private QueryResult query(String promql) {
    return client.query(prometheus.endpoint(TIMEOUT), promql);
  }

  private static String noData(QueryResult result) {
    return assertInstanceOf(QueryResult.NoData.class, result, result::toString).reason();
  }

  private static String failed(QueryResult result) {
    return assertInstanceOf(QueryResult.Failed.class, result, result::toString).reason();
  }

  private static void assertContains(String part, String actual) {
    assertTrue(actual.contains(part), () -> "expected <" + part + "> in <" + actual + ">");
  }

  // --- a real Prometheus ---

  @Test
  void oneSeriesGivesItsValue() {
    assertEquals(
        new QueryResult.Value(100),
        query("sum(istio_requests_total{destination_workload=\"podinfo\",response_code=\"200\"})"));
  }

  @Test
  void successRateAndLatencyFollowWhatTheTargetServes() {
    // given: 90 good and 10 failed requests, 100 at 50ms latency, scraped twice since
    app.add(CANARY_OK, 90).add(CANARY_ERRORS, 10);
    app.observe("istio_request_duration_milliseconds", BOUNDS, 40, 100, CANARY);
    prometheus.awaitSamples("istio_requests_total{destination_workload=\"podinfo-canary\"}", 2);

    // when / then: rate() over a window that holds samples from before and after
    QueryResult successRate =
        query(
            """
            sum(rate(istio_requests_total{destination_workload="podinfo-canary",response_code!~"5.*"}[5s]))
            /
            sum(rate(istio_requests_total{destination_workload="podinfo-canary"}[5s])) * 100
            """);
    assertEquals(90.0, assertInstanceOf(QueryResult.Value.class, successRate).value(), 1e-9);
    QueryResult p99 =
        query(
            "histogram_quantile(0.99, sum by (le) (rate("
                + "istio_request_duration_milliseconds_bucket{destination_workload=\"podinfo-canary\"}[5s])))");
    // linear interpolation inside the (25, 50] bucket: 25 + 0.99 * 25
    assertEquals(49.75, assertInstanceOf(QueryResult.Value.class, p99).value(), 1e-9);
  }

  @Test
  void scalarGivesItsValue() {
    assertEquals(new QueryResult.Value(3), query("scalar(vector(1)) + 2"));
  }

  @Test
  void nanIsNoData() {
    assertEquals("query returned NaN (query: 0/0)", noData(query("0/0")));
  }

  @Test
  void emptyResultIsNoValuesFound() {
    String promql = "istio_requests_total{destination_workload=\"absent\"}";
    assertEquals("no values found for query: " + promql, noData(query(promql)));
  }

  @Test
  void severalSeriesFailNamingThem() {
    String reason =
        failed(
            query(
                "sum by (response_code) (istio_requests_total{destination_workload=\"podinfo\"})"));
    assertContains("query returned 2 series, expected exactly one: ", reason);
    assertContains("{response_code=\"200\"}", reason);
    assertContains("{response_code=\"500\"}", reason);
  }

  @Test
  void matrixFails() {
    assertContains("range vector (matrix)", failed(query("up[10s]")));
  }

  @Test
  void badQueryFailsWithPrometheusErrorText() {
    String reason = failed(query("sum(rate(istio_requests_total[5s])"));
    assertTrue(reason.startsWith("Prometheus rejected the query: bad_data: "), reason);
    assertContains("parse error", reason);
  }

  @Test
  void preFlightCheckPasses() {
    assertEquals(new QueryResult.Value(1), client.check(prometheus.endpoint(TIMEOUT)));
  }

  // --- failures on demand ---

  @Test
  void http500FailsWithoutRetry() {
    try (var server = LoopbackReceiver.answering(answer(500, "internal error"))) {
      String reason = failed(client.query(PrometheusEndpoint.of(server.address(), TIMEOUT), "up"));
      assertEquals(
          "Prometheus answered HTTP 500 (an answer of 14 bytes, not shown) (127.0.0.1:"
              + port(server)
              + ")",
          reason);
      assertEquals(1, server.received().size());
    }
  }

  @Test
  void serviceUnavailableIsRetriedAndThenSucceeds() {
    try (var server =
        LoopbackReceiver.answering(
            answer(
                503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"starting\"}"),
            sample(42))) {
      assertEquals(
          new QueryResult.Value(42),
          client.query(PrometheusEndpoint.of(server.address(), TIMEOUT), "up"));
      assertEquals(2, server.received().size());
    }
  }

  @Test
  void slowResponseTimesOutOnEveryAttempt() {
    try (var server = LoopbackReceiver.answering(held(200, "{}"))) {
      long start = System.nanoTime();
      String reason =
          failed(
              client.query(PrometheusEndpoint.of(server.address(), Duration.ofMillis(300)), "up"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(
          "query to 127.0.0.1:" + port(server) + " timed out after 300ms (3 attempts)", reason);
      assertEquals(3, server.received().size());
      // 3 × 300ms + 2 × 200ms, not the 30s the server would hold each answer
      assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
    }
  }

  @Test
  void closedPortIsConnectionRefused() throws Exception {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String reason =
        failed(client.query(PrometheusEndpoint.of("http://127.0.0.1:" + port, TIMEOUT), "up"));
    assertTrue(reason.startsWith("connection refused by 127.0.0.1:" + port), reason);
    assertContains("(3 attempts)", reason);
  }

  @Test
  void credentialsAndTenantHeaderReachTheServer() {
    try (var server = LoopbackReceiver.answering(sample(1))) {
      Map<String, List<String>> headers = Map.of("X-Scope-OrgID", List.of("team-a"));
      var bearer =
          new PrometheusEndpoint(server.address(), headers, "s3cr3t", null, null, false, TIMEOUT);
      var basic =
          new PrometheusEndpoint(
              server.address() + "/", Map.of(), null, "admin", "pw", false, TIMEOUT);

      assertEquals(new QueryResult.Value(1), client.query(bearer, "sum(up{job=\"a b\"})"));
      assertEquals(new QueryResult.Value(1), client.query(basic, "up"));

      var first = server.received().get(0);
      assertEquals("/api/v1/query", first.uri().getPath());
      assertEquals("sum(up{job=\"a b\"})", first.params().get("query"));
      assertEquals("Bearer s3cr3t", first.header("Authorization"));
      assertEquals("team-a", first.header("X-Scope-OrgID"));
      var second = server.received().get(1);
      assertEquals("/api/v1/query", second.uri().getPath());
      String expected = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());
      assertEquals(expected, second.header("Authorization"));
    }
  }

  @Test
  void circuitOpensAfterThresholdAndAnswersAtOnce() {
    try (var server = LoopbackReceiver.answering(answer(500, "down"))) {
      PrometheusEndpoint dead = PrometheusEndpoint.of(server.address(), TIMEOUT);
      // given: five failures in a row
      for (int i = 0; i < 5; i++) {
        assertContains("HTTP 500", failed(client.query(dead, "up")));
      }
      // when
      long start = System.nanoTime();
      String reason = failed(client.query(dead, "up"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // then: no request reached the server, and the answer came at once
      assertTrue(
          reason.startsWith("circuit open for " + server.address() + " after 5 failures"), reason);
      assertContains(
          "last: Prometheus answered HTTP 500 (an answer of 4 bytes, not shown)", reason);
      assertEquals(5, server.received().size());
      assertTrue(took.compareTo(Duration.ofMillis(500)) < 0, "took " + took);
      // and another Prometheus is not affected
      assertEquals(new QueryResult.Value(1), client.check(prometheus.endpoint(TIMEOUT)));
    }
  }

  @Test
  void badQueriesDoNotOpenTheCircuit() {
    String bad = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
    try (var server =
        LoopbackReceiver.answering(
            answer(400, bad),
            answer(400, bad),
            answer(400, bad),
            answer(400, bad),
            answer(400, bad),
            answer(400, bad),
            sample(7))) {
      PrometheusEndpoint endpoint = PrometheusEndpoint.of(server.address(), TIMEOUT);
      for (int i = 0; i < 6; i++) {
        assertContains("bad_data", failed(client.query(endpoint, "sum(")));
      }
      assertEquals(new QueryResult.Value(7), client.query(endpoint, "up"));
      assertEquals(7, server.received().size());
    }
  }

  private static int port(LoopbackReceiver server) {
    return Integer.parseInt(server.address().substring(server.address().lastIndexOf(':') + 1));
  }
}

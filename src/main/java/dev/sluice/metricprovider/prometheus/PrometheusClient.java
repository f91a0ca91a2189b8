package dev.sluice.metricprovider.prometheus;

import dev.sluice.metricprovider.RangeResult;
import dev.sluice.outbound.AddressRefusedException;
import dev.sluice.outbound.AnswerTooLargeException;
import dev.sluice.outbound.BoundedAnswer;
import dev.sluice.outbound.BoundedRequest;
import dev.sluice.outbound.Bounds;
import dev.sluice.outbound.HttpClients;
import dev.sluice.outbound.MaskedUrl;
import dev.sluice.query.QueryResult;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Instant queries against a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, Cortex).
 *
 * <p>Contract: the methods block the calling thread (a Quartz worker) until an answer, the
 * endpoint's timeout or an open circuit; they must not be called on an event-loop thread, and they
 * never throw: every outcome is a {@link QueryResult} with a reason a user can act on. The timeout
 * is a total deadline per attempt (connect to last byte) that closes the connection when it passes;
 * an answer longer than {@code sluice.prometheus.max-answer-bytes} fails the query at once, is not
 * retried and does not count against the breaker (it is the query's doing, not Prometheus').
 */
@ApplicationScoped
public class PrometheusClient {
  private final PrometheusConfig config;
  private final HttpClients http;
  private final PrometheusGuards guards;

  @Inject
  public PrometheusClient(HttpClients http, PrometheusConfig config) {
    this.config = config;
    this.http = http;
    this.guards = new PrometheusGuards(config);
  }

  /**
   * Runs {@code promql} as an instant query at the current time, on no canary's behalf (tools,
   * tests): under the guards of the empty canary name.
   *
   * @return {@link QueryResult.Value} for a scalar or a vector of exactly one finite sample; {@link
   *     QueryResult.NoData} for an empty vector ("no values found") or NaN/±Inf; {@link
   *     QueryResult.Failed} for several series, a matrix or string result, a rejected query, an
   *     HTTP error, a transport error or timeout (after retries), or an open circuit
   */
  public QueryResult query(PrometheusEndpoint endpoint, String promql) {
    return query(endpoint, promql, "");
  }

  /**
   * As {@link #query(PrometheusEndpoint, String)}, for {@code canary} ({@code namespace/name}): its
   * own circuit breaker and its share of the address' bulkhead.
   *
   * @return also {@link QueryResult.NoData} when the query is not sent because the address has as
   *     many queries in flight as its bulkhead allows, in all or of this canary
   */
  public QueryResult query(PrometheusEndpoint endpoint, String promql, String canary) {
    if (Context.isOnEventLoopThread()) {
      return new QueryResult.Failed(
          "Prometheus query called on an event-loop thread; it blocks and must run on a worker");
    }
    if (endpoint == null) {
      return new QueryResult.Failed("no Prometheus endpoint given for query: " + promql);
    }
    String address = normalise(endpoint.address());
    URI uri;
    try {
      uri = URI.create(address + "/api/v1/query");
      if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        throw new IllegalArgumentException("expected http(s)://host[:port][/prefix]");
      }
    } catch (IllegalArgumentException e) {
      return new QueryResult.Failed(
          "invalid Prometheus address '"
              + endpoint.shownAddress()
              + "': "
              + MaskedUrl.parse(endpoint.address())
                  .map(m -> m.scrub(e.getMessage()))
                  .orElse("unparseable"));
    }
    Duration timeout = timeout(endpoint);
    QueryResult result =
        guards.call(endpoint, uri, canary, () -> attempt(endpoint, uri, promql, timeout));
    if (result instanceof QueryResult.Failed failed) {
      // transport errors may echo the URL, user info included
      return new QueryResult.Failed(
          MaskedUrl.parse(endpoint.address())
              .map(m -> m.scrub(failed.reason()))
              .orElse(failed.reason()));
    }
    return result;
  }

  /**
   * Runs {@code promql} at every {@code step} from {@code start} to {@code end} ({@code
   * /api/v1/query_range}), for {@code canary}: under its breaker and bulkheads, each attempt under
   * the endpoint's total deadline and the answer under {@code sluice.prometheus.max-answer-bytes},
   * as an instant query. Never throws.
   *
   * @return the values of the one series the query answers; no points for none; {@link
   *     RangeResult.Failed} for several series or whatever fails an instant query
   */
  public RangeResult queryRange(
      PrometheusEndpoint endpoint,
      String promql,
      Instant start,
      Instant end,
      Duration step,
      String canary) {
    if (Context.isOnEventLoopThread()) {
      return new RangeResult.Failed(
          "Prometheus query called on an event-loop thread; it blocks and must run on a worker");
    }
    URI uri;
    try {
      uri = URI.create(normalise(endpoint.address()) + "/api/v1/query_range");
      if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        throw new IllegalArgumentException("expected http(s)://host[:port][/prefix]");
      }
    } catch (IllegalArgumentException e) {
      return new RangeResult.Failed("invalid Prometheus address '" + endpoint.shownAddress() + "'");
    }
    Duration timeout = timeout(endpoint);
    // the guards speak QueryResult: the points travel beside it
    AtomicReference<RangeResult> points = new AtomicReference<>();
    QueryResult result =
        guards.call(
            endpoint,
            uri,
            canary,
            () -> {
              BoundedRequest request =
                  BoundedRequest.get(uri.toString(), new Bounds(timeout, config.maxAnswerBytes()))
                      .queryParam("query", promql)
                      .queryParam("start", seconds(start))
                      .queryParam("end", seconds(end))
                      .queryParam("step", seconds(step));
              authenticate(request, endpoint);
              BoundedAnswer response;
              try {
                response = http.client(endpoint.insecureSkipVerify()).call(request);
              } catch (ExecutionException e) {
                return notAnswered(e, endpoint, uri, promql, timeout);
              }
              int status = response.status();
              if (status == 200) {
                RangeResult read = PrometheusMatrix.interpret(response.bodyAsString(), promql);
                points.set(read);
                return read instanceof RangeResult.Failed failed
                    ? new QueryResult.Failed(failed.reason())
                    : new QueryResult.Value(0);
              }
              return answered(status, response.bodyAsString(), uri, promql);
            });
    if (result instanceof QueryResult.Value && points.get() != null) {
      return points.get();
    }
    String reason =
        result instanceof QueryResult.Failed failed
            ? failed.reason()
            : ((QueryResult.NoData) result).reason();
    return new RangeResult.Failed(
        MaskedUrl.parse(endpoint.address()).map(m -> m.scrub(reason)).orElse(reason));
  }

  private static String seconds(Instant t) {
    return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }

  private static String seconds(Duration d) {
    return java.math.BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
  }

  /**
   * Pre-flight at canary initialization, as Flagger's {@code IsOnline}: {@code vector(1)} must
   * answer 1.
   *
   * @return {@link QueryResult.Value} 1 when Prometheus answers, else {@link QueryResult.Failed}
   */
  public QueryResult check(PrometheusEndpoint endpoint) {
    return check(endpoint, "");
  }

  /** As {@link #check(PrometheusEndpoint)}, through the guards of {@code canary}. */
  public QueryResult check(PrometheusEndpoint endpoint, String canary) {
    QueryResult result = query(endpoint, "vector(1)", canary);
    if (result instanceof QueryResult.Value value && value.value() != 1) {
      return new QueryResult.Failed(
          "Prometheus at " + endpoint.shownAddress() + " answered vector(1) with " + value.value());
    }
    if (result instanceof QueryResult.NoData noData) {
      return new QueryResult.Failed(
          "Prometheus at "
              + endpoint.shownAddress()
              + " answered vector(1) with no data: "
              + noData.reason());
    }
    return result;
  }

  /**
   * Drops the breakers and bulkhead shares of a canary that is gone (see {@link PrometheusGuards}).
   */
  public void forget(String canary) {
    guards.forget(canary);
  }

  /** The guards' entries held (breakers, bulkheads): for tests and diagnostics. */
  public int heldGuards() {
    return guards.size();
  }

  /** Whether any guard key names {@code text} (a canary, a credential): for tests. */
  public boolean guardKeysContain(String text) {
    return guards.anyKeyContains(text);
  }

  private QueryResult attempt(PrometheusEndpoint endpoint, URI uri, String promql, Duration timeout)
      throws PrometheusUnavailableException, InterruptedException {
    BoundedRequest request =
        BoundedRequest.get(uri.toString(), new Bounds(timeout, config.maxAnswerBytes()))
            .queryParam("query", promql);
    authenticate(request, endpoint);
    BoundedAnswer response;
    try {
      response = http.client(endpoint.insecureSkipVerify()).call(request);
    } catch (ExecutionException e) {
      return notAnswered(e, endpoint, uri, promql, timeout);
    }
    return answered(response.status(), response.bodyAsString(), uri, promql);
  }

  /** An answer read as an instant query's; a server failure is thrown for retries and breaker. */
  private static QueryResult answered(int status, String body, URI uri, String promql)
      throws PrometheusUnavailableException {
    QueryResult result = PrometheusResponse.interpret(status, body, promql);
    if (PrometheusResponse.isServerFailure(status)) {
      String reason = ((QueryResult.Failed) result).reason() + " (" + uri.getAuthority() + ")";
      throw new PrometheusUnavailableException(reason, PrometheusResponse.isTransient(status));
    }
    return result;
  }

  /**
   * A call that got no answer: too long an answer or a refused address fail the query at once;
   * anything else is Prometheus' doing, thrown for retries and breaker.
   */
  private static QueryResult notAnswered(
      ExecutionException e, PrometheusEndpoint endpoint, URI uri, String promql, Duration timeout)
      throws PrometheusUnavailableException {
    if (e.getCause() instanceof AnswerTooLargeException tooLarge) {
      return new QueryResult.Failed(
          "Prometheus at "
              + endpoint.shownAddress()
              + ": "
              + tooLarge.getMessage()
              + " for query: "
              + promql);
    }
    if (e.getCause() instanceof AddressRefusedException refused) {
      // the address's doing, not Prometheus': not retried, not counted against the breaker
      return new QueryResult.Failed(
          "query to " + endpoint.shownAddress() + " not sent, refused: " + refused.getMessage());
    }
    throw PrometheusUnavailableException.of(e.getCause(), uri, timeout);
  }

  private static void authenticate(BoundedRequest request, PrometheusEndpoint endpoint) {
    Map<String, List<String>> headers = endpoint.headers() == null ? Map.of() : endpoint.headers();
    headers.forEach(request::setHeader);
    if (endpoint.bearerToken() != null && !endpoint.bearerToken().isEmpty()) {
      request.bearerToken(endpoint.bearerToken());
    } else if (endpoint.username() != null && !endpoint.username().isEmpty()) {
      request.basicAuthentication(
          endpoint.username(), endpoint.password() == null ? "" : endpoint.password());
    }
  }

  private Duration timeout(PrometheusEndpoint endpoint) {
    Duration timeout = endpoint.timeout();
    return timeout == null || timeout.isZero() || timeout.isNegative() ? config.timeout() : timeout;
  }

  private static String normalise(String address) {
    String trimmed = address == null ? "" : address.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}

package dev.sluice.metricprovider.prometheus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Sluice talks to Prometheus: timeouts, retries and the circuit breaker per address. */
@ConfigMapping(prefix = "sluice.prometheus")
public interface PrometheusConfig {

  /**
   * Per-query timeout when the endpoint names none: a total deadline for each attempt (connect,
   * headers and the whole answer), after which the request is cancelled.
   */
  @WithDefault("5s")
  Duration timeout();

  /**
   * Bytes of one answer read at most; a longer answer fails the query, is not retried and does not
   * open the breaker. Instant queries that Sluice judges answer one sample, so this only bounds
   * memory against a runaway query or a hostile server.
   */
  @WithDefault("16777216")
  long maxAnswerBytes();

  /**
   * Retries after a transient failure (connection error, DNS failure, timeout, HTTP 502/503/504); 0
   * disables retries. A bad query or another 4xx is never retried.
   */
  @WithDefault("2")
  int retries();

  /** Pause between two attempts of one query. */
  @WithDefault("200ms")
  Duration retryDelay();

  CircuitBreaker circuitBreaker();

  Bulkhead bulkhead();

  /**
   * One breaker per Prometheus address and canary: a canary whose queries time out opens its own
   * breaker, never the one of another canary asking the same Prometheus.
   */
  interface CircuitBreaker {

    /**
     * Consecutive failed attempts (transport errors, timeouts, HTTP 5xx) after which the breaker
     * opens and queries to that address fail at once.
     */
    @WithDefault("5")
    int failureThreshold();

    /** How long the breaker stays open before one trial query is let through. */
    @WithDefault("30s")
    Duration delay();
  }

  /**
   * How many queries may be in flight at once: a slow Prometheus cannot hold every worker, and one
   * canary cannot take every call to a Prometheus. A query over either cap is not sent; it answers
   * no data at once, judged by the metric's no-data policy.
   */
  interface Bulkhead {

    /** Queries in flight to one Prometheus address, all canaries together. */
    @WithDefault("8")
    int maxConcurrent();

    /** Queries of one canary in flight to one Prometheus address. */
    @WithDefault("2")
    int maxConcurrentPerCanary();
  }
}

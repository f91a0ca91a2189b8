package dev.sluice.metricprovider.prometheus;

import dev.sluice.query.QueryResult;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Retry and circuit breaker for one Prometheus address and one canary ({@link PrometheusGuards}),
 * so that a dead Prometheus answers at once instead of holding each tick for timeout × attempts,
 * and one canary's slow queries open no other canary's breaker.
 *
 * <p>Retry wraps the breaker (SmallRye's fixed order), so every attempt counts: with the defaults a
 * Prometheus that refuses connections opens its breaker within two queries.
 */
final class AddressGuard {
  private static final Logger LOG = Logger.getLogger(AddressGuard.class);

  private final String address;
  private final int failureThreshold;
  private final TypedGuard<QueryResult> guard;
  private final AtomicReference<String> lastFailure = new AtomicReference<>("none");

  AddressGuard(String address, PrometheusConfig config) {
    this.address = address;
    this.failureThreshold = config.circuitBreaker().failureThreshold();
    this.guard =
        TypedGuard.create(QueryResult.class)
            .withDescription("Prometheus " + address)
            .withRetry()
            .maxRetries(config.retries())
            .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
            .jitter(0, ChronoUnit.MILLIS)
            .whenException(e -> e instanceof PrometheusUnavailableException u && u.isTransient())
            .done()
            .withCircuitBreaker()
            .requestVolumeThreshold(failureThreshold)
            // the whole window must have failed: N failures in a row open the breaker
            .failureRatio(1.0)
            .successThreshold(1)
            .delay(config.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
            .when(e -> e instanceof PrometheusUnavailableException)
            .onStateChange(this::logStateChange)
            .done()
            .build();
  }

  /**
   * Runs {@code attempt} under retry and breaker. Never throws: an exhausted retry, an open breaker
   * and an interruption each become a {@link QueryResult.Failed} with its reason.
   */
  QueryResult call(Callable<QueryResult> attempt) {
    int[] attempts = {0};
    try {
      return guard.call(
          () -> {
            attempts[0]++;
            try {
              return attempt.call();
            } catch (PrometheusUnavailableException e) {
              lastFailure.set(e.getMessage());
              throw e;
            }
          });
    } catch (PrometheusUnavailableException e) {
      String tries = attempts[0] > 1 ? " (" + attempts[0] + " attempts)" : "";
      return new QueryResult.Failed(e.getMessage() + tries);
    } catch (CircuitBreakerOpenException e) {
      return new QueryResult.Failed(
          "circuit open for "
              + address
              + " after "
              + failureThreshold
              + " failures; last: "
              + lastFailure.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new QueryResult.Failed("query to " + address + " was interrupted");
    } catch (Exception e) {
      LOG.warnf(e, "Prometheus %s: unexpected failure", address);
      return new QueryResult.Failed(
          "query to "
              + address
              + " failed unexpectedly: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }

  private void logStateChange(CircuitBreakerState state) {
    switch (state) {
      case OPEN ->
          LOG.warnf(
              "Prometheus %s: circuit open after %d failures, queries fail at once; last: %s",
              address, failureThreshold, lastFailure.get());
      case HALF_OPEN -> LOG.infof("Prometheus %s: circuit half-open, trying one query", address);
      case CLOSED -> LOG.infof("Prometheus %s: circuit closed, queries pass again", address);
    }
  }
}

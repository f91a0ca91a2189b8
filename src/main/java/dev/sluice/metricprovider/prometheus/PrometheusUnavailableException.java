package dev.sluice.metricprovider.prometheus;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Prometheus could not answer: a transport error, a timeout or an HTTP 5xx. Only these count
 * against the circuit breaker of an address; {@link #isTransient() transient} ones are retried. A
 * bad query is not one of them: it is the query's fault, not Prometheus'.
 */
final class PrometheusUnavailableException extends Exception {
  private final boolean transientFailure;

  PrometheusUnavailableException(String reason, boolean transientFailure) {
    super(reason, null, false, false);
    this.transientFailure = transientFailure;
  }

  boolean isTransient() {
    return transientFailure;
  }

  /** Names what went wrong on the way to {@code uri}, in words a user can act on. */
  static PrometheusUnavailableException of(Throwable failure, URI uri, Duration timeout) {
    String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    Throwable cause = known(failure);
    if (cause instanceof TimeoutException) {
      return new PrometheusUnavailableException(
          "query to " + hostPort + " timed out after " + millis(timeout), true);
    }
    if (cause instanceof UnknownHostException) {
      return new PrometheusUnavailableException(
          "DNS lookup failed for " + uri.getHost() + ": " + cause.getMessage(), true);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      String message = String.valueOf(cause.getMessage());
      String what =
          message.toLowerCase().contains("refused")
              ? "connection refused by "
              : "could not connect to ";
      return new PrometheusUnavailableException(what + hostPort + " (" + message + ")", true);
    }
    if (cause instanceof SSLException) {
      // A certificate problem does not heal by itself: no retry, but it counts as unreachable.
      return new PrometheusUnavailableException(
          "TLS with "
              + hostPort
              + " failed: "
              + cause.getMessage()
              + " (insecureSkipVerify accepts any certificate)",
          false);
    }
    return new PrometheusUnavailableException(
        "request to "
            + hostPort
            + " failed: "
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage(),
        true);
  }

  /** The first cause in the chain that says something we recognise, else the root cause. */
  private static Throwable known(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; depth < 10; depth++) {
      if (cause instanceof TimeoutException
          || cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof SSLException
          || cause.getCause() == null
          || cause.getCause() == cause) {
        return cause;
      }
      cause = cause.getCause();
    }
    return cause;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }
}

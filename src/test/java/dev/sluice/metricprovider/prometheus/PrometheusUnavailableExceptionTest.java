package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Transport failures are told apart, so status says what to fix; all but TLS are retried. */
class PrometheusUnavailableExceptionTest {
  private static final URI URI_ = URI.create("http://prometheus.istio-system:9090/api/v1/query");
  private static final Duration TIMEOUT = Duration.ofMillis(1500);

  private static PrometheusUnavailableException of(Throwable failure) {
    return PrometheusUnavailableException.of(failure, URI_, TIMEOUT);
  }

  @Test
  void timeout() {
    var e = of(new TimeoutException("The timeout period of 1500ms has been exceeded"));
    assertEquals("query to prometheus.istio-system:9090 timed out after 1500ms", e.getMessage());
    assertTrue(e.isTransient());
  }

  @Test
  void dnsFailureEvenWhenWrapped() {
    var e =
        of(
            new ExecutionException(
                new UnknownHostException("Failed to resolve 'prometheus.istio-system'")));
    assertEquals(
        "DNS lookup failed for prometheus.istio-system: Failed to resolve 'prometheus.istio-system'",
        e.getMessage());
    assertTrue(e.isTransient());
  }

  @Test
  void connectionRefused() {
    var e = of(new ConnectException("Connection refused: prometheus.istio-system/10.0.0.1:9090"));
    assertTrue(
        e.getMessage().startsWith("connection refused by prometheus.istio-system:9090"),
        e.getMessage());
    assertTrue(e.isTransient());
  }

  @Test
  void tlsFailureIsNotRetriedAndPointsAtInsecureSkipVerify() {
    var e = of(new SSLHandshakeException("PKIX path building failed"));
    assertTrue(
        e.getMessage().startsWith("TLS with prometheus.istio-system:9090 failed"), e.getMessage());
    assertTrue(e.getMessage().contains("insecureSkipVerify"), e.getMessage());
    assertFalse(e.isTransient());
  }

  @Test
  void anythingElseNamesItsTypeAndIsRetried() {
    var e = of(new java.io.IOException("Connection reset by peer"));
    assertEquals(
        "request to prometheus.istio-system:9090 failed: IOException: Connection reset by peer",
        e.getMessage());
    assertTrue(e.isTransient());
  }
}

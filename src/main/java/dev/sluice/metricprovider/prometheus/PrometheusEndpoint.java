package dev.sluice.metricprovider.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where and how to query a Prometheus-compatible API (Prometheus, Thanos, Mimir, Cortex).
 *
 * @param address base URL, e.g. {@code http://prometheus.istio-system:9090}
 * @param headers extra headers, e.g. {@code X-Scope-OrgID} for a tenant
 * @param bearerToken sent as {@code Authorization: Bearer}, or null
 * @param username basic-auth user, or null
 * @param password basic-auth password, or null
 * @param insecureSkipVerify accept any TLS certificate
 * @param timeout per-query timeout
 */
public record PrometheusEndpoint(
    String address,
    Map<String, List<String>> headers,
    String bearerToken,
    String username,
    String password,
    boolean insecureSkipVerify,
    Duration timeout) {

  public static PrometheusEndpoint of(String address, Duration timeout) {
    return new PrometheusEndpoint(address, Map.of(), null, null, null, false, timeout);
  }

  /** The address as it may be shown in reasons, logs, status and Events: credentials masked. */
  public String shownAddress() {
    return dev.sluice.outbound.MaskedUrl.show(address);
  }

  /** Never the token or the password, whoever logs the endpoint. */
  @Override
  public String toString() {
    return "PrometheusEndpoint[" + shownAddress() + "]";
  }
}

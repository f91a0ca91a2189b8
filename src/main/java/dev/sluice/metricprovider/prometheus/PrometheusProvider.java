package dev.sluice.metricprovider.prometheus;

import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.config.SluiceConfig;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.MetricProvider;
import dev.sluice.metricprovider.MetricSource;
import dev.sluice.query.QueryResolver;
import dev.sluice.query.QueryResult;
import io.fabric8.kubernetes.api.model.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MetricTemplates of type {@code prometheus}, and every builtin and inline query: PromQL against a
 * Prometheus-compatible API (Prometheus, Thanos, Mimir, Cortex) through {@link PrometheusClient},
 * whose retries, timeouts and circuit breaker per address apply.
 *
 * <p>The address is the template's, else the Canary's {@code metricsServer}, else {@code
 * sluice.metrics-server}. Credentials come from the template's {@code secretRef} as Flagger reads
 * them: {@code token}, or {@code username} and {@code password}.
 */
@ApplicationScoped
public class PrometheusProvider implements MetricProvider {
  @Inject PrometheusClient client;
  @Inject ClusterCache cache;
  @Inject SluiceConfig config;

  @Override
  public String type() {
    return QueryResolver.PROMETHEUS;
  }

  @Override
  public List<String> unavailable(List<MetricSource> sources) {
    Set<PrometheusEndpoint> endpoints = new LinkedHashSet<>();
    for (MetricSource source : sources) {
      endpoints.add(endpoint(source));
    }
    String canary = sources.isEmpty() ? "" : sources.get(0).canary();
    List<String> reasons = new ArrayList<>();
    for (PrometheusEndpoint endpoint : endpoints) {
      if (client.check(endpoint, canary) instanceof QueryResult.Failed failed) {
        reasons.add(
            "Prometheus " + endpoint.shownAddress() + " is not available: " + failed.reason());
      }
    }
    return reasons;
  }

  @Override
  public QueryResult query(MetricSource source, String query) {
    return client.query(endpoint(source), query, source.canary());
  }

  @Override
  public void forget(String canary) {
    client.forget(canary);
  }

  private PrometheusEndpoint endpoint(MetricSource source) {
    MetricTemplateProvider provider = source.templateProvider();
    Map<String, String> secret =
        provider == null || provider.getSecretRef() == null
            ? Map.of()
            : cache
                .secret(source.namespace(), provider.getSecretRef().getName())
                .map(PrometheusProvider::decoded)
                .orElse(Map.of());
    return endpoint(source, secret, config.metricsServer());
  }

  /**
   * The endpoint of {@code source}: pure, so that the order of addresses and credentials is checked
   * without a cluster.
   *
   * @param secret the decoded data of the template's {@code secretRef}, empty when there is none
   * @param defaultAddress {@code sluice.metrics-server}
   */
  static PrometheusEndpoint endpoint(
      MetricSource source, Map<String, String> secret, String defaultAddress) {
    MetricTemplateProvider provider = source.templateProvider();
    String address =
        provider != null && provider.getAddress() != null
            ? provider.getAddress()
            : source.metricsServer() != null ? source.metricsServer() : defaultAddress;
    if (provider == null) {
      return PrometheusEndpoint.of(address, null);
    }
    return new PrometheusEndpoint(
        address,
        provider.getHeaders() == null ? Map.of() : provider.getHeaders(),
        secret.get("token"),
        secret.get("username"),
        secret.get("password"),
        Boolean.TRUE.equals(provider.getInsecureSkipVerify()),
        null);
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }
}

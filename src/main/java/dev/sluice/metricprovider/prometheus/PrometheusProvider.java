package dev.sluice.metricprovider.prometheus;

import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.config.SluiceConfig;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.MetricProvider;
import dev.sluice.metricprovider.MetricSource;
import dev.sluice.metricprovider.RangeResult;
import dev.sluice.query.QueryResolver;
import dev.sluice.query.QueryResult;
import io.fabric8.kubernetes.api.model.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MetricTemplates of type {@code prometheus}, and every builtin and inline query: PromQL against a
 * Prometheus-compatible API (Prometheus, Thanos, Mimir, Cortex) through {@link PrometheusClient},
 * whose retries, timeouts and circuit breaker per address apply.
 *
 * <p>The address is the template's, else the Canary's {@code metricsServer}, else {@code
 * sluice.metrics-server}. Credentials come from the template's {@code secretRef} as Flagger reads
 * them: {@code token}, or {@code username} and {@code password}.
 *
 * <p>Unlike Flagger, a template's credentials and headers go only to the address written next to
 * them: a template with a {@code secretRef} or {@code headers} and no {@code address} is refused,
 * since a Canary of another namespace could name it and set its own {@code metricsServer} to
 * receive the token and tenant.
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
      if (credentialsRefusal(source).isEmpty()) {
        endpoints.add(endpoint(source));
      }
    }
    String canary = sources.isEmpty() ? "" : sources.get(0).canary();
    List<String> reasons = new ArrayList<>();
    for (MetricSource source : sources) {
      credentialsRefusal(source).filter(r -> !reasons.contains(r)).ifPresent(reasons::add);
    }
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
    Optional<String> refusal = credentialsRefusal(source);
    if (refusal.isPresent()) {
      return new QueryResult.Failed(refusal.get());
    }
    return client.query(endpoint(source), query, source.canary());
  }

  @Override
  public RangeResult queryRange(
      MetricSource source, String query, Instant start, Instant end, Duration step) {
    Optional<String> refusal = credentialsRefusal(source);
    if (refusal.isPresent()) {
      return new RangeResult.Failed(refusal.get());
    }
    return client.queryRange(endpoint(source), query, start, end, step, source.canary());
  }

  @Override
  public void forget(String canary) {
    client.forget(canary);
  }

  /**
   * Why the template of {@code source} must not be queried: it has credentials or headers but no
   * address of its own, so they would go to an address written elsewhere (a Canary's {@code
   * metricsServer}, perhaps of another namespace, or the default).
   */
  static Optional<String> credentialsRefusal(MetricSource source) {
    MetricTemplateProvider provider = source.templateProvider();
    if (provider == null || provider.getAddress() != null) {
      return Optional.empty();
    }
    boolean secret = provider.getSecretRef() != null;
    boolean headers = provider.getHeaders() != null && !provider.getHeaders().isEmpty();
    if (!secret && !headers) {
      return Optional.empty();
    }
    return Optional.of(
        "MetricTemplate of namespace "
            + source.namespace()
            + " has "
            + (secret ? "a secretRef" : "headers")
            + " but no provider.address: its credentials and headers go only to the address"
            + " written next to them, never to a Canary's metricsServer or the default; set"
            + " spec.provider.address");
  }

  private PrometheusEndpoint endpoint(MetricSource source) {
    MetricTemplateProvider provider = source.templateProvider();
    Map<String, String> secret =
        provider == null || provider.getSecretRef() == null || provider.getAddress() == null
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
    if (provider.getAddress() == null) {
      // credentials only ever travel with their own address (see credentialsRefusal)
      return new PrometheusEndpoint(
          address,
          Map.of(),
          null,
          null,
          null,
          Boolean.TRUE.equals(provider.getInsecureSkipVerify()),
          null);
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

package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.config.SluiceConfig;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.prometheus.PrometheusClient;
import dev.sluice.metricprovider.prometheus.PrometheusEndpoint;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.query.MetricQuery;
import dev.sluice.query.MetricVerdict;
import dev.sluice.query.QueryContext;
import dev.sluice.query.QueryResolver;
import dev.sluice.query.QueryResult;
import dev.sluice.router.MeshProviders;
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
import java.util.Optional;
import java.util.Set;

/**
 * Runs a canary's metric checks: resolves each metric's query (builtin, MetricTemplate from the
 * informer cache, or inline), queries Prometheus and judges the value. Credentials come from the
 * template's {@code secretRef} as Flagger reads them: {@code token}, or {@code username} and {@code
 * password}.
 */
@ApplicationScoped
public class MetricAnalyzer {
  @Inject ClusterCache cache;
  @Inject PrometheusClient prometheus;
  @Inject SluiceConfig config;
  @Inject MeshProviders meshes;

  /** The verdict of every metric of the canary, in spec order. */
  public Checks run(Canary canary) {
    List<CanaryMetric> metrics = canary.getSpec().getAnalysis().getMetrics();
    if (metrics == null || metrics.isEmpty()) {
      return Checks.none();
    }
    List<MetricVerdict> verdicts = new ArrayList<>();
    for (CanaryMetric metric : metrics) {
      verdicts.add(MetricEvaluator.evaluate(metric, query(canary, metric)));
    }
    return Checks.of(verdicts);
  }

  /**
   * Flagger's pre-flight: every Prometheus the canary's metrics use answers a trivial query.
   *
   * @return the reasons of those that do not; empty when all answer
   */
  public List<String> unavailableProviders(Canary canary) {
    List<CanaryMetric> metrics = canary.getSpec().getAnalysis().getMetrics();
    if (metrics == null) {
      return List.of();
    }
    Set<PrometheusEndpoint> endpoints = new LinkedHashSet<>();
    for (CanaryMetric metric : metrics) {
      if (resolve(canary, metric) instanceof MetricQuery.Prometheus query) {
        endpoints.add(endpoint(canary, metric, query.templateProvider()));
      }
    }
    List<String> reasons = new ArrayList<>();
    for (PrometheusEndpoint endpoint : endpoints) {
      if (prometheus.check(endpoint) instanceof QueryResult.Failed failed) {
        reasons.add(
            "Prometheus " + endpoint.shownAddress() + " is not available: " + failed.reason());
      }
    }
    return reasons;
  }

  private QueryResult query(Canary canary, CanaryMetric metric) {
    MetricQuery query = resolve(canary, metric);
    if (query instanceof MetricQuery.Unresolvable unresolvable) {
      return new QueryResult.Failed(unresolvable.reason());
    }
    MetricQuery.Prometheus promql = (MetricQuery.Prometheus) query;
    return prometheus.query(endpoint(canary, metric, promql.templateProvider()), promql.query());
  }

  private MetricQuery resolve(Canary canary, CanaryMetric metric) {
    String provider = CanaryValidator.provider(canary.getSpec(), config);
    MetricTemplate template =
        metric.getTemplateRef() == null
            ? null
            : cache
                .metricTemplate(
                    templateNamespace(canary, metric), metric.getTemplateRef().getName())
                .orElse(null);
    return QueryResolver.resolve(
        metric, QueryContext.of(canary, metric), meshes.builtins(provider), template);
  }

  private PrometheusEndpoint endpoint(
      Canary canary, CanaryMetric metric, MetricTemplateProvider provider) {
    String address =
        provider != null && provider.getAddress() != null
            ? provider.getAddress()
            : Optional.ofNullable(canary.getSpec().getMetricsServer())
                .orElse(config.metricsServer());
    if (provider == null) {
      return PrometheusEndpoint.of(address, null);
    }
    Map<String, String> secret =
        provider.getSecretRef() == null
            ? Map.of()
            : cache
                .secret(templateNamespace(canary, metric), provider.getSecretRef().getName())
                .map(MetricAnalyzer::decoded)
                .orElse(Map.of());
    return new PrometheusEndpoint(
        address,
        provider.getHeaders() == null ? Map.of() : provider.getHeaders(),
        secret.get("token"),
        secret.get("username"),
        secret.get("password"),
        Boolean.TRUE.equals(provider.getInsecureSkipVerify()),
        null);
  }

  private static String templateNamespace(Canary canary, CanaryMetric metric) {
    String namespace =
        metric.getTemplateRef() == null ? null : metric.getTemplateRef().getNamespace();
    return namespace == null || namespace.isBlank()
        ? canary.getMetadata().getNamespace()
        : namespace;
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

package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.MetricProvider;
import dev.sluice.metricprovider.MetricProviderFactory;
import dev.sluice.metricprovider.MetricSource;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.query.MetricQuery;
import dev.sluice.query.MetricVerdict;
import dev.sluice.query.QueryContext;
import dev.sluice.query.QueryResolver;
import dev.sluice.query.QueryResult;
import dev.sluice.router.MeshProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a canary's metric checks: resolves each metric's query (builtin, MetricTemplate from the
 * informer cache, or inline), runs it on the metric provider of its type and judges the value. Each
 * query is bounded by the tick's deadline ({@link TickCalls}).
 */
@ApplicationScoped
public class MetricAnalyzer {
  @Inject ClusterCache cache;
  @Inject MetricProviderFactory providers;
  @Inject SluiceConfig config;
  @Inject MeshProviders meshes;

  /** The verdict of every metric of the canary, in spec order. */
  public Checks run(TickCalls window, Canary canary) {
    List<CanaryMetric> metrics = canary.getSpec().getAnalysis().getMetrics();
    if (metrics == null || metrics.isEmpty()) {
      return Checks.none();
    }
    List<MetricVerdict> verdicts = new ArrayList<>();
    for (CanaryMetric metric : metrics) {
      verdicts.add(MetricEvaluator.evaluate(metric, query(window, canary, metric)));
    }
    return Checks.of(verdicts);
  }

  /**
   * Flagger's pre-flight: every server the canary's metrics use answers, as its provider checks it.
   *
   * @return the reasons of those that do not; empty when all answer
   */
  public List<String> unavailableProviders(TickCalls window, Canary canary) {
    List<CanaryMetric> metrics = canary.getSpec().getAnalysis().getMetrics();
    if (metrics == null) {
      return List.of();
    }
    Map<MetricProvider, List<MetricSource>> sources = new LinkedHashMap<>();
    for (CanaryMetric metric : metrics) {
      if (resolve(canary, metric) instanceof MetricQuery.Run run) {
        providers
            .forType(run.providerType())
            .ifPresent(
                provider ->
                    sources
                        .computeIfAbsent(provider, p -> new ArrayList<>())
                        .add(source(canary, metric, run)));
      }
    }
    List<String> reasons = new ArrayList<>();
    sources.forEach(
        (provider, itsSources) ->
            reasons.addAll(
                window.call(
                    () -> provider.unavailable(itsSources),
                    why -> List.of("metric provider " + provider.type() + ": " + why))));
    return reasons;
  }

  private QueryResult query(TickCalls window, Canary canary, CanaryMetric metric) {
    MetricQuery query = resolve(canary, metric);
    if (query instanceof MetricQuery.Unresolvable unresolvable) {
      return new QueryResult.Failed(unresolvable.reason());
    }
    MetricQuery.Run run = (MetricQuery.Run) query;
    Optional<MetricProvider> provider = providers.forType(run.providerType());
    if (provider.isEmpty()) {
      // only builtin and inline queries get here: the resolver refuses a template's unknown type
      return new QueryResult.Failed("no metric provider of type " + run.providerType());
    }
    MetricSource source = source(canary, metric, run);
    return window.call(
        () -> provider.get().query(source, run.query()), why -> new QueryResult.Failed(why));
  }

  private MetricQuery resolve(Canary canary, CanaryMetric metric) {
    String provider = SpecDefaults.provider(canary.getSpec(), config);
    MetricTemplate template =
        metric.getTemplateRef() == null
            ? null
            : cache
                .metricTemplate(
                    templateNamespace(canary, metric), metric.getTemplateRef().getName())
                .orElse(null);
    return QueryResolver.resolve(
        metric,
        QueryContext.of(canary, metric),
        meshes.builtins(provider),
        template,
        providers.types());
  }

  private static MetricSource source(Canary canary, CanaryMetric metric, MetricQuery.Run run) {
    return new MetricSource(
        run.templateProvider(),
        templateNamespace(canary, metric),
        canary.getSpec().getMetricsServer(),
        canary.key());
  }

  private static String templateNamespace(Canary canary, CanaryMetric metric) {
    String namespace =
        metric.getTemplateRef() == null ? null : metric.getTemplateRef().getNamespace();
    return namespace == null || namespace.isBlank()
        ? canary.getMetadata().getNamespace()
        : namespace;
  }
}

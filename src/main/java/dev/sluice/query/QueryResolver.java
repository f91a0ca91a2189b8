package dev.sluice.query;

import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a Canary's metric into the query to run: its MetricTemplate, its inline query, or the
 * builtin query of the provider. Pure: the caller looks the template up (from an informer).
 */
public final class QueryResolver {

  /** The provider type of builtin and inline queries: Flagger runs them on Prometheus. */
  public static final String PROMETHEUS = "prometheus";

  private QueryResolver() {}

  /**
   * Resolves the query of {@code metric}.
   *
   * @param metric the metric of {@code spec.analysis.metrics}
   * @param context the values for the template's variables
   * @param builtins the builtin queries of the Canary's mesh or ingress provider
   * @param template the MetricTemplate of {@code metric.templateRef}, or null when it does not
   *     exist (or the metric has no templateRef)
   * @param providerTypes the MetricTemplate provider types this build has a metric provider for; a
   *     template of another type cannot run, and the reason names its type and these
   * @return the query, or a readable reason why the check cannot run; never throws for bad input
   */
  public static MetricQuery resolve(
      CanaryMetric metric,
      QueryContext context,
      Builtins builtins,
      MetricTemplate template,
      Collection<String> providerTypes) {
    if (metric.getTemplateRef() != null) {
      return fromTemplate(metric, context, template, providerTypes);
    }
    if (metric.getQuery() != null && !metric.getQuery().isBlank()) {
      // Flagger runs the deprecated inline query as written, without rendering it.
      return new MetricQuery.Run(PROMETHEUS, metric.getQuery(), null);
    }
    Optional<BuiltinMetric> builtin = BuiltinMetric.named(metric.getName());
    if (builtin.isEmpty()) {
      return new MetricQuery.Unresolvable(
          "metric "
              + metric.getName()
              + " has no templateRef and is not a builtin metric (request-success-rate,"
              + " request-duration)");
    }
    String provider = builtins.provider();
    Optional<String> query = builtins.query(metric.getName());
    if (query.isEmpty()) {
      return new MetricQuery.Unresolvable(
          "provider "
              + provider
              + " has no builtin "
              + metric.getName()
              + " query; use a MetricTemplate");
    }
    return render(
        "builtin " + provider + "/" + metric.getName(), query.get(), context, PROMETHEUS, null);
  }

  private static MetricQuery fromTemplate(
      CanaryMetric metric,
      QueryContext context,
      MetricTemplate template,
      Collection<String> providerTypes) {
    String namespace =
        metric.getTemplateRef().getNamespace() == null
                || metric.getTemplateRef().getNamespace().isBlank()
            ? context.namespace()
            : metric.getTemplateRef().getNamespace();
    String templateName = namespace + "/" + metric.getTemplateRef().getName();
    if (template == null || template.getSpec() == null) {
      return new MetricQuery.Unresolvable("MetricTemplate " + templateName + " not found");
    }
    MetricTemplateProvider templateProvider = template.getSpec().getProvider();
    String type = templateProvider == null ? null : templateProvider.getType();
    if (type == null || !providerTypes.contains(type)) {
      return new MetricQuery.Unresolvable(
          "MetricTemplate "
              + templateName
              + ": provider type "
              + type
              + " is not supported (Sluice runs "
              + String.join(", ", new TreeSet<>(providerTypes))
              + ")");
    }
    String query = template.getSpec().getQuery();
    if (query == null || query.isBlank()) {
      return new MetricQuery.Unresolvable("MetricTemplate " + templateName + " has no query");
    }
    return render(templateName, query, context, type, templateProvider);
  }

  private static MetricQuery render(
      String templateName,
      String template,
      QueryContext context,
      String providerType,
      MetricTemplateProvider templateProvider) {
    try {
      return new MetricQuery.Run(
          providerType, QueryTemplate.render(templateName, template, context), templateProvider);
    } catch (QueryTemplateException e) {
      return new MetricQuery.Unresolvable(e.getMessage());
    }
  }
}

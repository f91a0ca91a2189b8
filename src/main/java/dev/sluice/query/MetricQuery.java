package dev.sluice.query;

import dev.sluice.api.v1beta1.MetricTemplateProvider;

/** What to run for one metric check, or why there is nothing that can be run. */
public sealed interface MetricQuery {

  /**
   * A rendered query for a metric provider; what the query means is the provider's business.
   *
   * @param providerType the MetricTemplate's {@code spec.provider.type}; {@link
   *     QueryResolver#PROMETHEUS} for builtin and inline queries, which Flagger runs on Prometheus
   * @param query the query to run
   * @param templateProvider the MetricTemplate's provider (address, secretRef, headers), or null
   *     for builtin and inline queries, which run against the Canary's {@code metricsServer} or the
   *     controller's default Prometheus
   */
  record Run(String providerType, String query, MetricTemplateProvider templateProvider)
      implements MetricQuery {}

  /** The check cannot run: a missing template, an unsupported provider, a render error, ... */
  record Unresolvable(String reason) implements MetricQuery {}
}

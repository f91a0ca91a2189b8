package dev.sluice.metricprovider;

import dev.sluice.api.v1beta1.MetricTemplateProvider;

/**
 * Where one check's query runs, as the Canary and its MetricTemplate say it; each provider reads
 * what its type needs from it.
 *
 * @param templateProvider the MetricTemplate's {@code spec.provider} (address, secretRef, headers,
 *     insecureSkipVerify, region), or null for builtin and inline queries
 * @param namespace the namespace of the MetricTemplate, where its {@code secretRef} is read (the
 *     Canary's own when the template is in it or there is none)
 * @param metricsServer the Canary's {@code spec.metricsServer}, or null
 * @param canary the Canary that asks, {@code namespace/name}: a provider keeps per-canary state
 *     (circuit breakers, bulkhead shares) under it, dropped by {@link MetricProvider#forget}
 */
public record MetricSource(
    MetricTemplateProvider templateProvider,
    String namespace,
    String metricsServer,
    String canary) {}

package dev.sluice.query;

import java.util.Map;
import java.util.Optional;

/**
 * The builtin metric queries a Canary's mesh or ingress provider offers, as query templates.
 *
 * @param provider the provider string ({@code spec.provider} or the controller's default), named in
 *     the reason when a builtin is missing
 * @param queries the query template of each builtin metric the provider has; empty for none
 */
public record Builtins(String provider, Map<BuiltinMetric, String> queries) {

  public Builtins {
    queries = Map.copyOf(queries);
  }

  /** The query template of a builtin metric, or empty when the provider or the name has none. */
  public Optional<String> query(String metricName) {
    return BuiltinMetric.named(metricName).map(queries::get);
  }
}

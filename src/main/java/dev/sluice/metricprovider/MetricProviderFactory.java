package dev.sluice.metricprovider;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metric provider of a MetricTemplate's {@code spec.provider.type}, among every {@link
 * MetricProvider} bean of the build. An unknown type has none: the check fails and says so, never a
 * silent fallback to another provider.
 */
@ApplicationScoped
public class MetricProviderFactory {
  private final SortedMap<String, MetricProvider> byType;

  /**
   * @throws IllegalStateException when two providers answer to one type, which would make the
   *     choice depend on discovery order
   */
  @Inject
  public MetricProviderFactory(@All List<MetricProvider> providers) {
    SortedMap<String, MetricProvider> types = new TreeMap<>();
    for (MetricProvider provider : providers) {
      MetricProvider other = types.putIfAbsent(provider.type(), provider);
      if (other != null) {
        throw new IllegalStateException(
            "metric providers "
                + other.getClass().getName()
                + " and "
                + provider.getClass().getName()
                + " both answer to type "
                + provider.type());
      }
    }
    this.byType = Collections.unmodifiableSortedMap(types);
  }

  /** The provider of {@code type}, or empty when no provider answers to it. */
  public Optional<MetricProvider> forType(String type) {
    return type == null ? Optional.empty() : Optional.ofNullable(byType.get(type));
  }

  /** Every provider drops what it keeps for {@code canary} ({@code namespace/name}). */
  public void forget(String canary) {
    byType.values().forEach(provider -> provider.forget(canary));
  }

  /** The types a MetricTemplate may name, sorted. */
  public Set<String> types() {
    return byType.keySet();
  }
}

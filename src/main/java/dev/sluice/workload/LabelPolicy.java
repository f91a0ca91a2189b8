package dev.sluice.workload;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which labels Sluice reads and copies, as Flagger's {@code -selector-labels} and {@code
 * -include-label-prefix} flags define them.
 *
 * @param selectorLabels label keys tried in order to find the target's pod selector label
 * @param includeLabelPrefixes prefixes of the target's own labels copied to the primary Deployment
 *     and the primary ConfigMaps and Secrets; {@code *} copies all, empty copies none (Flagger's
 *     default, which keeps only the selector label on the primary)
 */
public record LabelPolicy(List<String> selectorLabels, List<String> includeLabelPrefixes) {

  public LabelPolicy {
    selectorLabels = List.copyOf(selectorLabels);
    includeLabelPrefixes = List.copyOf(includeLabelPrefixes);
  }

  /** Flagger 1.44's defaults: selector labels {@code app, name, app.kubernetes.io/name}. */
  public static LabelPolicy flaggerDefaults() {
    return new LabelPolicy(List.of("app", "name", "app.kubernetes.io/name"), List.of());
  }

  /** The labels of {@code source} that this policy copies, Flux ownership markers excluded. */
  public Map<String, String> copied(Map<String, String> source) {
    Map<String, String> out = new TreeMap<>();
    if (source == null) {
      return out;
    }
    source.forEach(
        (key, value) -> {
          if (!key.contains(ForeignMetadata.FLUX_MARKER) && included(key)) {
            out.put(key, value);
          }
        });
    return out;
  }

  private boolean included(String key) {
    return includeLabelPrefixes.stream()
        .anyMatch(prefix -> prefix.equals("*") || (!prefix.isEmpty() && key.startsWith(prefix)));
  }
}

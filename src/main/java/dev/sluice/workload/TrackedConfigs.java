package dev.sluice.workload;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The ConfigMaps and Secrets a pod template references and Sluice tracks, with their checksums.
 *
 * @param refs tracked objects, sorted by key
 * @param missingRequired keys ({@code configmap/<name>}) of objects referenced with {@code
 *     optional: false} that do not exist; Flagger fails the run for these, while a missing object
 *     whose reference does not say {@code optional: false} is skipped
 */
public record TrackedConfigs(List<ConfigRef> refs, List<String> missingRequired) {

  public TrackedConfigs {
    refs = List.copyOf(refs);
    missingRequired = List.copyOf(missingRequired);
  }

  public static TrackedConfigs none() {
    return new TrackedConfigs(List.of(), List.of());
  }

  /** Whether the primary pods must mount the {@code -primary} copy of this object. */
  public boolean isTracked(ConfigRef.Kind kind, String name) {
    String key = kind.key(name);
    return refs.stream().anyMatch(ref -> ref.key().equals(key));
  }

  /**
   * The value of {@code status.trackedConfigs}, as Flagger writes it: {@code configmap/<name>} or
   * {@code secret/<name>} to the checksum.
   */
  public Map<String, String> statusMap() {
    Map<String, String> out = new TreeMap<>();
    refs.forEach(ref -> out.put(ref.key(), ref.checksum()));
    return out;
  }

  /**
   * Whether the tracked configs differ from those recorded in status, by Flagger's rule: no configs
   * and no record is no change; configs but no record, a different count, or any different checksum
   * is a change.
   */
  public boolean changedSince(Map<String, String> recorded) {
    if (recorded == null) {
      return !refs.isEmpty();
    }
    if (recorded.size() != refs.size()) {
      return true;
    }
    return refs.stream().anyMatch(ref -> !Objects.equals(recorded.get(ref.key()), ref.checksum()));
  }
}

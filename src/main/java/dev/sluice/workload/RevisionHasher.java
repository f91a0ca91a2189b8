package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision of a target: what a run rolls out. A new revision starts a run, so the hash changes
 * exactly when the pod template or the content of a tracked ConfigMap or Secret changes, and is
 * stable across map ordering, JVMs and controller restarts (it is kept in the Canary's status).
 *
 * <p>It is not Flagger's {@code lastAppliedSpec} value: that one hashes Go structs and cannot be
 * reproduced outside Go.
 */
public final class RevisionHasher {

  private RevisionHasher() {}

  /**
   * The revision of {@code template} with the tracked configs {@code trackedConfigs} (the {@link
   * TrackedConfigs#statusMap()} form; {@code null} or empty when none).
   *
   * @return 32 lowercase hex characters
   */
  public static String revision(PodTemplateSpec template, Map<String, String> trackedConfigs) {
    StringBuilder text = new StringBuilder(ModelCopy.canonicalJson(template));
    if (trackedConfigs != null) {
      // Object names are DNS subdomains: no key holds '=' or a newline, so the text is unambiguous.
      new TreeMap<>(trackedConfigs)
          .forEach((key, checksum) -> text.append('\n').append(key).append('=').append(checksum));
    }
    return HexFormat.of().formatHex(ConfigTracker.sha256(text.toString()), 0, 16);
  }

  /** Whether {@code value} has the form of a revision of Sluice's (Flagger's hashes do not). */
  public static boolean isRevision(String value) {
    return value != null && value.matches("[0-9a-f]{32}");
  }

  /** The revision of {@code template} with the configs {@code tracked}. */
  public static String revision(PodTemplateSpec template, TrackedConfigs tracked) {
    return revision(template, tracked.statusMap());
  }
}

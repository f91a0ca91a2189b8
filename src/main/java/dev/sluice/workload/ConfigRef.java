package dev.sluice.workload;

/**
 * A tracked ConfigMap or Secret and the checksum of its content.
 *
 * @param checksum Flagger's checksum format: the first 8 bytes of the SHA-256 of the data, hex
 */
public record ConfigRef(Kind kind, String name, String checksum) {

  /** Kind of a referenced object, spelled as in Flagger's {@code status.trackedConfigs} keys. */
  public enum Kind {
    CONFIG_MAP("configmap"),
    SECRET("secret");

    private final String keyPrefix;

    Kind(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** {@code configmap/<name>} or {@code secret/<name>}, the key in {@code trackedConfigs}. */
    public String key(String name) {
      return keyPrefix + "/" + name;
    }
  }

  /** Key in {@code status.trackedConfigs}: {@code configmap/<name>} or {@code secret/<name>}. */
  public String key() {
    return kind.key(name);
  }

  /** Name of the copy the primary pods mount: {@code <name>-primary}. */
  public String primaryName() {
    return name + SelectorLabel.PRIMARY_SUFFIX;
  }
}

package dev.sluice.workload;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Tracks the ConfigMaps and Secrets of the target's pod template the way Flagger does: a change of
 * their data starts a run like a change of the template, and the primary mounts {@code -primary}
 * copies that change only at promotion.
 */
public final class ConfigTracker {

  /** Annotation on a ConfigMap or Secret; a value starting with {@code disable} opts it out. */
  public static final String TRACKING_ANNOTATION = "flagger.app/config-tracking";

  // Other secret types (registry credentials, service account tokens) are not copied: they are
  // meant for the service account or the platform, not for the application's rollout.
  private static final Set<String> TRACKED_SECRET_TYPES =
      Set.of("Opaque", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls");

  private ConfigTracker() {}

  /**
   * The tracked configs of a pod spec.
   *
   * @param configMaps ConfigMap of the Canary's namespace by name, {@code null} when absent
   * @param secrets Secret of the Canary's namespace by name, {@code null} when absent
   */
  public static TrackedConfigs track(
      PodSpec spec, Function<String, ConfigMap> configMaps, Function<String, Secret> secrets) {
    List<ConfigRef> refs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ConfigReferences.Reference reference : ConfigReferences.in(spec)) {
      HasMetadata object =
          reference.kind() == ConfigRef.Kind.CONFIG_MAP
              ? configMaps.apply(reference.name())
              : secrets.apply(reference.name());
      if (object == null) {
        if (reference.required()) {
          missing.add(reference.kind().key(reference.name()));
        }
      } else if (isTracked(object)) {
        refs.add(new ConfigRef(reference.kind(), reference.name(), checksum(object)));
      }
    }
    refs.sort(Comparator.comparing(ConfigRef::key));
    missing.sort(Comparator.naturalOrder());
    return new TrackedConfigs(refs, missing);
  }

  /** Whether Sluice tracks this ConfigMap or Secret: not opted out, and not a registry secret. */
  public static boolean isTracked(HasMetadata object) {
    if (object instanceof Secret secret) {
      // The API server defaults an empty type to Opaque; informers on a mock server may not.
      String type = secret.getType() == null ? "Opaque" : secret.getType();
      if (!TRACKED_SECRET_TYPES.contains(type)) {
        return false;
      }
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String tracking = annotations == null ? null : annotations.get(TRACKING_ANNOTATION);
    return tracking == null || !tracking.startsWith("disable");
  }

  /**
   * Flagger's checksum of a ConfigMap or Secret: the first 8 bytes of the SHA-256 of the JSON of
   * {@code data}, in hex. A ConfigMap's {@code binaryData}, which Flagger ignores, is added to the
   * hashed text only when present, so that the checksum of every other ConfigMap stays Flagger's.
   */
  public static String checksum(HasMetadata object) {
    String json;
    if (object instanceof ConfigMap configMap) {
      json = GoJson.stringMap(configMap.getData());
      Map<String, String> binary = configMap.getBinaryData();
      if (binary != null && !binary.isEmpty()) {
        json += GoJson.stringMap(binary);
      }
    } else if (object instanceof Secret secret) {
      // Secret data arrives base64-encoded, exactly as Go marshals a map[string][]byte.
      json = GoJson.stringMap(secret.getData());
    } else {
      throw new IllegalArgumentException("not a ConfigMap or Secret: " + object.getKind());
    }
    return HexFormat.of().formatHex(sha256(json), 0, 8);
  }

  /** The {@code <name>-primary} copy of a tracked ConfigMap that the primary pods mount. */
  public static ConfigMap primaryCopy(Canary canary, ConfigMap source, LabelPolicy policy) {
    return new ConfigMapBuilder()
        .withMetadata(primaryMetadata(canary, source.getMetadata(), policy))
        .withData(copy(source.getData()))
        .withBinaryData(copy(source.getBinaryData()))
        .build();
  }

  /** The {@code <name>-primary} copy of a tracked Secret that the primary pods mount. */
  public static Secret primaryCopy(Canary canary, Secret source, LabelPolicy policy) {
    return new SecretBuilder()
        .withMetadata(primaryMetadata(canary, source.getMetadata(), policy))
        .withType(source.getType())
        .withData(copy(source.getData()))
        .build();
  }

  private static ObjectMeta primaryMetadata(Canary canary, ObjectMeta source, LabelPolicy policy) {
    return new ObjectMetaBuilder()
        .withName(source.getName() + SelectorLabel.PRIMARY_SUFFIX)
        .withNamespace(canary.getMetadata().getNamespace())
        .withLabels(policy.copied(source.getLabels()))
        .withOwnerReferences(canary.ownerReference())
        .build();
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}

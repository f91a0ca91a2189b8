package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a pod spec names ConfigMaps and Secrets: volumes (including projected sources), and {@code
 * env[].valueFrom} and {@code envFrom} of containers and init containers. Image pull secrets are
 * left out on purpose, as in Flagger: registry credentials belong to the service account.
 */
public final class ConfigReferences {

  /**
   * A referenced object.
   *
   * @param required the reference says {@code optional: false}; Flagger treats an unset {@code
   *     optional} as not required
   */
  public record Reference(ConfigRef.Kind kind, String name, boolean required) {}

  /** One place in the pod spec that holds a name, and how to change it. */
  private record Slot(
      ConfigRef.Kind kind, String name, Boolean optional, Consumer<String> rename) {}

  private ConfigReferences() {}

  /**
   * Every ConfigMap and Secret {@code spec} references, once each, in order of first appearance. A
   * name referenced several times is required when any of its references is.
   */
  public static List<Reference> in(PodSpec spec) {
    Map<String, Reference> found = new LinkedHashMap<>();
    visit(
        spec,
        slot -> {
          boolean required = Boolean.FALSE.equals(slot.optional());
          found.merge(
              slot.kind().key(slot.name()),
              new Reference(slot.kind(), slot.name(), required),
              (a, b) -> a.required() ? a : b);
        });
    return List.copyOf(found.values());
  }

  /**
   * A copy of {@code spec} whose references to tracked objects name their {@code -primary} copies;
   * references to untracked objects (opted out, missing, registry secrets) are kept as they are.
   */
  public static PodSpec toPrimary(PodSpec spec, TrackedConfigs tracked) {
    PodSpec copy = ModelCopy.of(spec, PodSpec.class);
    visit(
        copy,
        slot -> {
          if (tracked.isTracked(slot.kind(), slot.name())) {
            slot.rename().accept(slot.name() + SelectorLabel.PRIMARY_SUFFIX);
          }
        });
    return copy;
  }

  private static void visit(PodSpec spec, Consumer<Slot> visitor) {
    if (spec == null) {
      return;
    }
    each(spec.getVolumes(), volume -> visitVolume(volume, visitor));
    List<Container> containers = new ArrayList<>();
    if (spec.getContainers() != null) {
      containers.addAll(spec.getContainers());
    }
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    containers.forEach(container -> visitContainer(container, visitor));
  }

  private static void visitVolume(Volume volume, Consumer<Slot> visitor) {
    var configMap = volume.getConfigMap();
    if (configMap != null) {
      offer(
          visitor,
          ConfigRef.Kind.CONFIG_MAP,
          configMap.getName(),
          configMap.getOptional(),
          configMap::setName);
    }
    var secret = volume.getSecret();
    if (secret != null) {
      offer(
          visitor,
          ConfigRef.Kind.SECRET,
          secret.getSecretName(),
          secret.getOptional(),
          secret::setSecretName);
    }
    if (volume.getProjected() != null) {
      each(volume.getProjected().getSources(), source -> visitProjection(source, visitor));
    }
  }

  private static void visitProjection(VolumeProjection source, Consumer<Slot> visitor) {
    var configMap = source.getConfigMap();
    if (configMap != null) {
      offer(
          visitor,
          ConfigRef.Kind.CONFIG_MAP,
          configMap.getName(),
          configMap.getOptional(),
          configMap::setName);
    }
    var secret = source.getSecret();
    if (secret != null) {
      offer(
          visitor, ConfigRef.Kind.SECRET, secret.getName(), secret.getOptional(), secret::setName);
    }
  }

  private static void visitContainer(Container container, Consumer<Slot> visitor) {
    each(container.getEnv(), env -> visitEnv(env, visitor));
    each(container.getEnvFrom(), envFrom -> visitEnvFrom(envFrom, visitor));
  }

  private static void visitEnv(EnvVar env, Consumer<Slot> visitor) {
    var from = env.getValueFrom();
    if (from == null) {
      return;
    }
    var configMap = from.getConfigMapKeyRef();
    if (configMap != null) {
      offer(
          visitor,
          ConfigRef.Kind.CONFIG_MAP,
          configMap.getName(),
          configMap.getOptional(),
          configMap::setName);
    }
    var secret = from.getSecretKeyRef();
    if (secret != null) {
      offer(
          visitor, ConfigRef.Kind.SECRET, secret.getName(), secret.getOptional(), secret::setName);
    }
  }

  private static void visitEnvFrom(EnvFromSource envFrom, Consumer<Slot> visitor) {
    var configMap = envFrom.getConfigMapRef();
    if (configMap != null) {
      offer(
          visitor,
          ConfigRef.Kind.CONFIG_MAP,
          configMap.getName(),
          configMap.getOptional(),
          configMap::setName);
    }
    var secret = envFrom.getSecretRef();
    if (secret != null) {
      offer(
          visitor, ConfigRef.Kind.SECRET, secret.getName(), secret.getOptional(), secret::setName);
    }
  }

  /** Each fabric8 reference type is its own class, so they meet here, as name and setter. */
  private static void offer(
      Consumer<Slot> visitor,
      ConfigRef.Kind kind,
      String name,
      Boolean optional,
      Consumer<String> rename) {
    if (name != null) {
      visitor.accept(new Slot(kind, name, optional, rename));
    }
  }

  private static <T> void each(List<T> items, Consumer<T> action) {
    if (items != null) {
      items.forEach(action);
    }
  }
}

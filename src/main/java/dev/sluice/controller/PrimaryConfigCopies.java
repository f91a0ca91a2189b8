package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.TargetLabels;
import dev.sluice.workload.ConfigRef;
import dev.sluice.workload.ConfigTracker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -primary} copies of the ConfigMaps and Secrets a target tracks, written when the
 * primary is created and at each promotion, so that the primary never reads a config that changed
 * under it before analysis.
 */
@ApplicationScoped
public class PrimaryConfigCopies {
  // A copy holds exactly its source's content: a key removed from the source must go from the copy.
  private static final List<String> CONFIG_MAP_CONTENT = List.of("/data", "/binaryData");
  private static final List<String> SECRET_CONTENT = List.of("/data");

  @Inject ClusterCache cache;
  @Inject TargetLabels labels;
  @Inject ResourceWriter writer;

  /** Copies every config the target tracks to its {@code -primary} name. */
  public void copy(Canary canary, Target target) {
    String ns = canary.getMetadata().getNamespace();
    for (ConfigRef ref : target.configs().refs()) {
      if (ref.kind() == ConfigRef.Kind.CONFIG_MAP) {
        cache
            .configMap(ns, ref.name())
            .ifPresent(
                source ->
                    copyOwnedWithOthers(
                        canary,
                        ConfigTracker.primaryCopy(canary, source, labels.policy()),
                        cache.configMap(ns, ref.primaryName()).orElse(null),
                        CONFIG_MAP_CONTENT));
      } else {
        cache
            .secret(ns, ref.name())
            .ifPresent(
                source ->
                    copyOwnedWithOthers(
                        canary,
                        ConfigTracker.primaryCopy(canary, source, labels.policy()),
                        cache.secret(ns, ref.primaryName()).orElse(null),
                        SECRET_CONTENT));
      }
    }
  }

  /**
   * Writes a {@code -primary} config copy. Two canaries may track the same ConfigMap: the copy
   * keeps every owner it has and gains this canary as a further, non-controller owner, so the
   * garbage collector removes it only when the last canary using it is gone.
   */
  private <T extends HasMetadata> void copyOwnedWithOthers(
      Canary canary, T desired, T live, List<String> exact) {
    if (live != null
        && live.getMetadata().getOwnerReferences() != null
        && !live.getMetadata().getOwnerReferences().isEmpty()) {
      List<OwnerReference> owners = new ArrayList<>(live.getMetadata().getOwnerReferences());
      String uid = canary.getMetadata().getUid();
      if (owners.stream().noneMatch(o -> uid.equals(o.getUid()))) {
        OwnerReference mine = canary.ownerReference();
        mine.setController(owners.stream().noneMatch(o -> Boolean.TRUE.equals(o.getController())));
        owners.add(mine);
      }
      desired.getMetadata().setOwnerReferences(owners);
    }
    writer.applyExact(desired, live, exact);
  }
}

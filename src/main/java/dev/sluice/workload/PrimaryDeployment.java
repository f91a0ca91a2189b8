package dev.sluice.workload;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.util.Map;
import java.util.TreeMap;

/**
 * The primary Deployment {@code <target>-primary}: the last promoted revision of the target, which
 * serves the traffic the canary does not get.
 *
 * <p>The primary changes at two moments only, so the controller must not re-derive it from the
 * target on every tick: {@link #initial} when it does not exist yet, {@link #promote} when a run is
 * promoted.
 */
public final class PrimaryDeployment {

  private PrimaryDeployment() {}

  /** {@code <target>-primary}. */
  public static String name(String targetName) {
    return targetName + SelectorLabel.PRIMARY_SUFFIX;
  }

  /**
   * The primary to create when there is none: the target's pod template at revision {@code
   * revision}, selecting {@code <label>=<value>-primary}, owned by the Canary.
   *
   * <p>Replicas are the target's, or 1 when the target has none or was scaled to zero. Of the
   * target's own labels only those {@code policy} includes are copied; its annotations are copied
   * without the ownership markers of kubectl, Flux and Argo CD.
   */
  public static Deployment initial(
      Canary canary,
      Deployment target,
      SelectorLabel label,
      TrackedConfigs tracked,
      String revision,
      LabelPolicy policy) {
    DeploymentSpec source = target.getSpec();
    int replicas =
        source.getReplicas() != null && source.getReplicas() > 0 ? source.getReplicas() : 1;
    Map<String, String> labels =
        PrimaryPodTemplate.primaryLabels(policy.copied(target.getMetadata().getLabels()), label);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(target.getMetadata().getName()))
        .withNamespace(canary.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(
            new TreeMap<>(ForeignMetadata.strip(target.getMetadata().getAnnotations())))
        .withOwnerReferences(canary.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(source.getProgressDeadlineSeconds())
        .withMinReadySeconds(source.getMinReadySeconds())
        .withRevisionHistoryLimit(source.getRevisionHistoryLimit())
        .withStrategy(ModelCopy.of(source.getStrategy(), DeploymentStrategy.class))
        .withNewSelector()
        .withMatchLabels(Map.of(label.key(), label.primaryValue()))
        .endSelector()
        .withTemplate(PrimaryPodTemplate.of(target, label, tracked, revision, policy))
        .endSpec()
        .build();
  }

  /**
   * {@code primary} after promoting {@code target} at revision {@code revision}: the target's pod
   * template, strategy, progress deadline, minimum ready seconds and revision history limit. The
   * primary keeps its metadata, selector (immutable) and replicas, which an autoscaler may own.
   */
  public static Deployment promote(
      Deployment primary,
      Deployment target,
      SelectorLabel label,
      TrackedConfigs tracked,
      String revision,
      LabelPolicy policy) {
    Deployment promoted = ModelCopy.of(primary, Deployment.class);
    DeploymentSpec source = ModelCopy.of(target.getSpec(), DeploymentSpec.class);
    DeploymentSpec spec = promoted.getSpec();
    spec.setProgressDeadlineSeconds(source.getProgressDeadlineSeconds());
    spec.setMinReadySeconds(source.getMinReadySeconds());
    spec.setRevisionHistoryLimit(source.getRevisionHistoryLimit());
    spec.setStrategy(source.getStrategy());
    spec.setTemplate(PrimaryPodTemplate.of(target, label, tracked, revision, policy));
    return promoted;
  }
}

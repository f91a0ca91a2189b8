package dev.sluice.workload;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ScalerReplicas;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The primary's {@code autoscaling/v2} HorizontalPodAutoscaler {@code <hpa>-primary}: the target's
 * autoscaler pointed at {@code <target>-primary}. The target's own autoscaler stays in place and
 * scales the canary.
 */
public final class PrimaryAutoscaler {

  private PrimaryAutoscaler() {}

  /** {@code <hpa>-primary}. */
  public static String name(String targetHpaName) {
    return targetHpaName + SelectorLabel.PRIMARY_SUFFIX;
  }

  /**
   * The desired primary HPA: metrics, behavior and replica bounds of {@code targetHpa}, scale
   * target {@code <target>-primary} (kind and API version kept), {@code
   * autoscalerRef.primaryScalerReplicas} overriding whichever bound it sets, labels without Flux
   * markers, owned by the Canary.
   */
  public static HorizontalPodAutoscaler desired(Canary canary, HorizontalPodAutoscaler targetHpa) {
    HorizontalPodAutoscalerSpec source = targetHpa.getSpec();
    Integer minReplicas = source.getMinReplicas();
    Integer maxReplicas = source.getMaxReplicas();
    ScalerReplicas bounds =
        canary.getSpec().getAutoscalerRef() == null
            ? null
            : canary.getSpec().getAutoscalerRef().getPrimaryScalerReplicas();
    if (bounds != null && bounds.getMinReplicas() != null) {
      minReplicas = bounds.getMinReplicas();
    }
    if (bounds != null && bounds.getMaxReplicas() != null) {
      maxReplicas = bounds.getMaxReplicas();
    }
    var scaleTarget = source.getScaleTargetRef();
    String targetName = canary.getSpec().getTargetRef().getName();
    List<MetricSpec> metrics = new ArrayList<>();
    if (source.getMetrics() != null) {
      source.getMetrics().forEach(metric -> metrics.add(ModelCopy.of(metric, MetricSpec.class)));
    }
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(name(targetHpa.getMetadata().getName()))
        .withNamespace(canary.getMetadata().getNamespace())
        .withLabels(new TreeMap<>(ForeignMetadata.strip(targetHpa.getMetadata().getLabels())))
        .withOwnerReferences(canary.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withScaleTargetRef(
            new CrossVersionObjectReferenceBuilder()
                .withApiVersion(scaleTarget == null ? "apps/v1" : scaleTarget.getApiVersion())
                .withKind(scaleTarget == null ? "Deployment" : scaleTarget.getKind())
                .withName(PrimaryDeployment.name(targetName))
                .build())
        .withMinReplicas(minReplicas)
        .withMaxReplicas(maxReplicas)
        .withMetrics(metrics)
        .withBehavior(ModelCopy.of(source.getBehavior(), HorizontalPodAutoscalerBehavior.class))
        .endSpec()
        .build();
  }
}

package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.AutoscalerReference;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ScalerReplicas;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryAutoscalerTest {

  private static HorizontalPodAutoscaler podinfoHpa() {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("podinfo")
        .withNamespace("default")
        .withLabels(Map.of("app", "podinfo", "kustomize.toolkit.fluxcd.io/name", "apps"))
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("podinfo")
        .endScaleTargetRef()
        .withMinReplicas(2)
        .withMaxReplicas(4)
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(99)
        .endTarget()
        .endResource()
        .endMetric()
        .withNewBehavior()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(300)
        .endScaleDown()
        .endBehavior()
        .endSpec()
        .build();
  }

  private static Canary canaryWithHpa(ScalerReplicas bounds) {
    Canary canary = Fixtures.canary();
    AutoscalerReference ref = new AutoscalerReference();
    ref.setApiVersion("autoscaling/v2");
    ref.setKind("HorizontalPodAutoscaler");
    ref.setName("podinfo");
    ref.setPrimaryScalerReplicas(bounds);
    canary.getSpec().setAutoscalerRef(ref);
    return canary;
  }

  @Test
  void clonesTheTargetHpaForThePrimary() {
    // when
    HorizontalPodAutoscaler primary = PrimaryAutoscaler.desired(canaryWithHpa(null), podinfoHpa());

    // then
    assertEquals("podinfo-primary", primary.getMetadata().getName());
    assertEquals("podinfo-primary", primary.getSpec().getScaleTargetRef().getName());
    assertEquals("Deployment", primary.getSpec().getScaleTargetRef().getKind());
    assertEquals("apps/v1", primary.getSpec().getScaleTargetRef().getApiVersion());
    assertEquals(2, primary.getSpec().getMinReplicas());
    assertEquals(4, primary.getSpec().getMaxReplicas());
    assertEquals(podinfoHpa().getSpec().getMetrics(), primary.getSpec().getMetrics());
    assertEquals(podinfoHpa().getSpec().getBehavior(), primary.getSpec().getBehavior());
    assertEquals(Map.of("app", "podinfo"), primary.getMetadata().getLabels());
    assertEquals("podinfo", primary.getMetadata().getOwnerReferences().get(0).getName());
  }

  @Test
  void primaryScalerReplicasOverrideTheBoundsItSets() {
    // given
    ScalerReplicas onlyMax = new ScalerReplicas();
    onlyMax.setMaxReplicas(15);
    ScalerReplicas both = new ScalerReplicas();
    both.setMinReplicas(3);
    both.setMaxReplicas(9);

    // when
    var maxOnly = PrimaryAutoscaler.desired(canaryWithHpa(onlyMax), podinfoHpa()).getSpec();
    var bothSet = PrimaryAutoscaler.desired(canaryWithHpa(both), podinfoHpa()).getSpec();

    // then
    assertEquals(2, maxOnly.getMinReplicas());
    assertEquals(15, maxOnly.getMaxReplicas());
    assertEquals(3, bothSet.getMinReplicas());
    assertEquals(9, bothSet.getMaxReplicas());
  }
}

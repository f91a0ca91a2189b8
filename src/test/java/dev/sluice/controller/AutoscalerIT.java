package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.api.v1beta1.AutoscalerReference;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The primary's autoscaler, cloned from the target's and kept in step with it. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class AutoscalerIT extends ControllerTestBase {

  @Test
  void thePrimaryGetsItsOwnAutoscalerThatFollowsTheTargets() {
    cluster.create(targetAutoscaler(2, 4));
    givenCanary("podinfo-istio.yaml", AutoscalerIT::withAutoscalerRef);

    tick();

    HorizontalPodAutoscaler primary = cluster.autoscaler("podinfo-primary");
    assertNotNull(primary, "podinfo-primary HPA");
    assertEquals("podinfo-primary", primary.getSpec().getScaleTargetRef().getName());
    assertEquals("Deployment", primary.getSpec().getScaleTargetRef().getKind());
    assertEquals("apps/v1", primary.getSpec().getScaleTargetRef().getApiVersion());
    assertEquals(2, primary.getSpec().getMinReplicas());
    assertEquals(4, primary.getSpec().getMaxReplicas());
    assertEquals(
        80,
        primary.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    assertEquals("Canary", primary.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals(
        "podinfo",
        cluster.autoscaler("podinfo").getSpec().getScaleTargetRef().getName(),
        "the target's HPA stays on the target");

    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Initialized, phase());

    editTargetAutoscaler((h, spec) -> spec.withMaxReplicas(6));
    tick();

    assertEquals(6, cluster.autoscaler("podinfo-primary").getSpec().getMaxReplicas());
    assertEquals(2, cluster.autoscaler("podinfo-primary").getSpec().getMinReplicas());
    assertEquals(CanaryPhase.Initialized, phase(), "an autoscaler change starts no run");
    assertCanaryValid("podinfo");
  }

  @Test
  void aMissingAutoscalerIsReportedAndTheCanaryWaitsForIt() {
    givenCanary("podinfo-istio.yaml", AutoscalerIT::withAutoscalerRef);

    tick();
    tick();

    var ready = statusCondition("Ready");
    assertEquals("False", ready.getStatus());
    assertEquals("AutoscalerNotFound", ready.getReason());
    assertEquals(
        "HorizontalPodAutoscaler " + cluster.namespace + "/podinfo not found", ready.getMessage());
    assertEquals(1, cluster.events("HorizontalPodAutoscaler " + cluster.namespace + "/podinfo"));
    assertNull(cluster.autoscaler("podinfo-primary"));
    assertCanaryValid("podinfo");

    cluster.create(targetAutoscaler(1, 3));
    tick();

    assertEquals(CanaryPhase.Initializing, phase());
    assertEquals(3, cluster.autoscaler("podinfo-primary").getSpec().getMaxReplicas());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Initialized, phase());
    assertEquals("True", statusCondition("Ready").getStatus());
  }

  @Test
  void aFieldRemovedFromTheTargetsAutoscalerIsRemovedFromThePrimarys() {
    // given: the target's HPA has a scale-down behaviour and a second metric, copied to the primary
    cluster.create(
        new HorizontalPodAutoscalerBuilder(targetAutoscaler(2, 4))
            .editSpec()
            .withNewBehavior()
            .withNewScaleDown()
            .withStabilizationWindowSeconds(300)
            .endScaleDown()
            .endBehavior()
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName("memory")
            .withNewTarget()
            .withType("Utilization")
            .withAverageUtilization(70)
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec()
            .build());
    givenCanary("podinfo-istio.yaml", AutoscalerIT::withAutoscalerRef);
    tick();
    assertNotNull(cluster.autoscaler("podinfo-primary").getSpec().getBehavior());
    assertEquals(2, cluster.autoscaler("podinfo-primary").getSpec().getMetrics().size());

    // when: they are taken out of the target's HPA, one after the other
    editTargetAutoscaler((h, spec) -> spec.withBehavior(null));
    tick();
    assertNull(cluster.autoscaler("podinfo-primary").getSpec().getBehavior());
    editTargetAutoscaler((h, spec) -> spec.withMetrics(h.getSpec().getMetrics().get(0)));
    tick();

    // then: the primary's HPA follows, rather than keeping what the target no longer has
    HorizontalPodAutoscaler primary = cluster.autoscaler("podinfo-primary");
    assertNull(primary.getSpec().getBehavior());
    assertEquals(1, primary.getSpec().getMetrics().size());
    assertEquals("cpu", primary.getSpec().getMetrics().get(0).getResource().getName());
    assertEquals("podinfo-primary", primary.getSpec().getScaleTargetRef().getName());
    tick();
    assertEquals(
        primary.getMetadata().getResourceVersion(),
        cluster.autoscaler("podinfo-primary").getMetadata().getResourceVersion(),
        "owning the spec whole still writes nothing when nothing changed");
  }

  /** Edits the target's HPA as a user would; {@code edit} gets the live HPA and its spec. */
  private void editTargetAutoscaler(
      BiFunction<
              HorizontalPodAutoscaler,
              HorizontalPodAutoscalerBuilder.SpecNested<HorizontalPodAutoscalerBuilder>,
              HorizontalPodAutoscalerBuilder.SpecNested<HorizontalPodAutoscalerBuilder>>
          edit) {
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            h -> edit.apply(h, new HorizontalPodAutoscalerBuilder(h).editSpec()).endSpec().build());
  }

  private static Canary withAutoscalerRef(Canary canary) {
    AutoscalerReference ref = new AutoscalerReference();
    ref.setApiVersion("autoscaling/v2");
    ref.setKind("HorizontalPodAutoscaler");
    ref.setName("podinfo");
    canary.getSpec().setAutoscalerRef(ref);
    return canary;
  }

  private static HorizontalPodAutoscaler targetAutoscaler(int min, int max) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("podinfo")
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("podinfo")
        .endScaleTargetRef()
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(80)
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }
}

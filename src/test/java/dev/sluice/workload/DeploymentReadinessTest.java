package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentReadinessTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static Deployment deployment(int desired, int replicas, int updated, int available) {
    Deployment deployment = Fixtures.podinfo();
    deployment.getMetadata().setGeneration(2L);
    deployment.getSpec().setReplicas(desired);
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .addToConditions(condition("Progressing", "True", "NewReplicaSetAvailable", NOW))
            .build());
    return deployment;
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, Instant updated) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastUpdateTime(updated.toString())
        .build();
  }

  private static Readiness of(Deployment deployment, int threshold) {
    return DeploymentReadiness.of(deployment, threshold, 600, NOW);
  }

  private static String reason(Readiness readiness) {
    return assertInstanceOf(Readiness.NotReady.class, readiness).reason();
  }

  @Test
  void aFullyAvailableDeploymentIsReady() {
    assertEquals(new Readiness.Ready(), of(deployment(3, 3, 3, 3), 100));
  }

  @Test
  void anUnobservedGenerationIsNotReady() {
    // given
    Deployment deployment = deployment(3, 3, 3, 3);
    deployment.getMetadata().setGeneration(3L);

    // then
    assertEquals(
        "waiting for rollout to finish: observed deployment generation less than desired"
            + " generation",
        reason(of(deployment, 100)));
  }

  @Test
  void pendingUpdatesAndOldReplicasAreNotReady() {
    assertEquals(
        "waiting for rollout to finish: 1 out of 3 new replicas have been updated",
        reason(of(deployment(3, 4, 1, 3), 100)));
    assertEquals(
        "waiting for rollout to finish: 1 old replicas are pending termination",
        reason(of(deployment(3, 4, 3, 3), 100)));
  }

  @Test
  void tooFewAvailableUpdatedReplicasAreNotReady() {
    assertEquals(
        "waiting for rollout to finish: 2 of 3 (readyThreshold 100%) updated replicas are available",
        reason(of(deployment(3, 3, 3, 2), 100)));
  }

  @Test
  void thresholdRoundsTheRequiredReplicasDown() {
    // 50% of 3 updated replicas is 1.5: one available replica is enough
    assertEquals(new Readiness.Ready(), of(deployment(3, 3, 3, 1), 50));
    // 50% of 4 is 2
    assertEquals(
        "waiting for rollout to finish: 1 of 2 (readyThreshold 50%) updated replicas are available",
        reason(of(deployment(4, 4, 4, 1), 50)));
    // 53% of 100 is 53 exactly, where Flagger's float32 arithmetic asks for 52
    assertEquals(
        "waiting for rollout to finish: 52 of 53 (readyThreshold 53%) updated replicas are available",
        reason(of(deployment(100, 100, 100, 52), 53)));
  }

  @Test
  void progressDeadlineExceededFails() {
    // given
    Deployment deployment = deployment(3, 3, 3, 2);
    deployment
        .getStatus()
        .setConditions(
            java.util.List.of(condition("Progressing", "False", "ProgressDeadlineExceeded", NOW)));

    // then
    Readiness readiness = of(deployment, 100);
    assertEquals(
        "deployment \"podinfo\" exceeded its progress deadline",
        assertInstanceOf(Readiness.Failed.class, readiness).reason());
  }

  @Test
  void minimumReplicasUnavailablePastTheDeadlineFails() {
    // given
    Deployment stuck = deployment(3, 3, 3, 2);
    stuck
        .getStatus()
        .getConditions()
        .add(condition("Available", "False", "MinimumReplicasUnavailable", NOW.minusSeconds(601)));
    Deployment recent = deployment(3, 3, 3, 2);
    recent
        .getStatus()
        .getConditions()
        .add(condition("Available", "False", "MinimumReplicasUnavailable", NOW.minusSeconds(599)));

    // then
    assertInstanceOf(Readiness.Failed.class, of(stuck, 100));
    assertInstanceOf(Readiness.NotReady.class, of(recent, 100));
  }

  @Test
  void thresholdDefaultsToOneHundred() {
    assertEquals(100, DeploymentReadiness.thresholdOrDefault(null));
    assertEquals(80, DeploymentReadiness.thresholdOrDefault(80));
  }
}

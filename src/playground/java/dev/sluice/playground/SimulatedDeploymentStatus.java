package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The status the Deployment controller would write for a Deployment whose replicas are all of the
 * current template, either all serving or none. Pure: the caller passes the time.
 *
 * <p>Conditions keep their timestamps while their status and reason stay the same, as the real
 * controller's do, so an unchanged Deployment is never rewritten.
 */
final class SimulatedDeploymentStatus {

  private SimulatedDeploymentStatus() {}

  /**
   * The status of {@code deployment} at {@code now}.
   *
   * @param serving whether its app serves; false when its template cannot run (a crashing pod)
   */
  static DeploymentStatus desired(Deployment deployment, boolean serving, Instant now) {
    int replicas = replicas(deployment);
    int ready = serving ? replicas : 0;
    DeploymentStatus current = deployment.getStatus();
    String name = deployment.getMetadata().getName();
    DeploymentCondition available =
        serving || replicas == 0
            ? condition(
                "Available", "MinimumReplicasAvailable", "Deployment has minimum availability.")
            : condition(
                "Available",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.");
    if (!serving && replicas > 0) {
      available.setStatus("False");
    }
    DeploymentCondition progressing =
        serving || replicas == 0
            ? condition(
                "Progressing",
                "NewReplicaSetAvailable",
                "ReplicaSet \"%s\" has successfully progressed.".formatted(name))
            : condition(
                "Progressing",
                "ReplicaSetUpdated",
                "ReplicaSet \"%s\" is progressing.".formatted(name));
    return new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUnavailableReplicas(replicas - ready == 0 ? null : replicas - ready)
        .withConditions(stamped(available, current, now), stamped(progressing, current, now))
        .build();
  }

  /** Whether {@code current} already says what {@code desired} says, timestamps aside. */
  static boolean same(DeploymentStatus current, DeploymentStatus desired) {
    if (current == null) {
      return false;
    }
    return Objects.equals(current.getObservedGeneration(), desired.getObservedGeneration())
        && orZero(current.getReplicas()) == orZero(desired.getReplicas())
        && orZero(current.getUpdatedReplicas()) == orZero(desired.getUpdatedReplicas())
        && orZero(current.getReadyReplicas()) == orZero(desired.getReadyReplicas())
        && orZero(current.getAvailableReplicas()) == orZero(desired.getAvailableReplicas())
        && desired.getConditions().stream()
            .allMatch(
                d -> {
                  DeploymentCondition c = find(current.getConditions(), d.getType());
                  return c != null
                      && d.getStatus().equals(c.getStatus())
                      && d.getReason().equals(c.getReason());
                });
  }

  /** {@code spec.replicas}; unset means 1, as the API server defaults it. */
  static int replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static DeploymentCondition condition(String type, String reason, String message) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static DeploymentCondition stamped(
      DeploymentCondition condition, DeploymentStatus current, Instant now) {
    DeploymentCondition previous =
        current == null ? null : find(current.getConditions(), condition.getType());
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    boolean unchanged =
        previous != null
            && condition.getStatus().equals(previous.getStatus())
            && condition.getReason().equals(previous.getReason());
    condition.setLastTransitionTime(
        unchanged && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : time);
    condition.setLastUpdateTime(
        unchanged && previous.getLastUpdateTime() != null ? previous.getLastUpdateTime() : time);
    return condition;
  }

  private static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}

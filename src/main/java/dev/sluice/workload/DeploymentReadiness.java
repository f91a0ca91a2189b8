package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Readiness of a Deployment from its status, by Flagger's rules. Pure: the caller passes the time,
 * so a test clock drives the progress deadline.
 */
public final class DeploymentReadiness {

  /** Default of {@code analysis.primaryReadyThreshold} and {@code canaryReadyThreshold}. */
  public static final int DEFAULT_THRESHOLD = 100;

  /** Default of {@code progressDeadlineSeconds}. */
  public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

  private DeploymentReadiness() {}

  /** {@code threshold} as configured, or {@value #DEFAULT_THRESHOLD}. */
  public static int thresholdOrDefault(Integer threshold) {
    return threshold == null ? DEFAULT_THRESHOLD : threshold;
  }

  /**
   * The readiness of {@code deployment}.
   *
   * <ul>
   *   <li>{@link Readiness.NotReady} while the controller has not observed the latest generation,
   *       while replicas are still being updated or old ones terminate, and while fewer than {@code
   *       thresholdPercent} of the updated replicas (rounded down) are available;
   *   <li>{@link Readiness.Failed} when the Deployment reports {@code ProgressDeadlineExceeded}, or
   *       when it has had too few available replicas for longer than {@code
   *       progressDeadlineSeconds} (Flagger's non-retriable case);
   *   <li>{@link Readiness.Ready} otherwise.
   * </ul>
   */
  public static Readiness of(
      Deployment deployment, int thresholdPercent, int progressDeadlineSeconds, Instant now) {
    DeploymentStatus status = deployment.getStatus();
    long generation = orZero(deployment.getMetadata().getGeneration());
    if (status == null || generation > orZero(status.getObservedGeneration())) {
      return new Readiness.NotReady(
          "waiting for rollout to finish: observed deployment generation less than desired"
              + " generation");
    }
    if (deployment.getSpec() != null
        && Integer.valueOf(0).equals(deployment.getSpec().getReplicas())) {
      // no replica can take traffic: never route to a workload that is parked at zero
      return new Readiness.NotReady("deployment is scaled to zero");
    }
    DeploymentCondition progressing = condition(status, "Progressing");
    if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.getReason())) {
      return new Readiness.Failed(
          "deployment \"%s\" exceeded its progress deadline"
              .formatted(deployment.getMetadata().getName()));
    }
    Readiness rollout = rollout(deployment, status, thresholdPercent);
    if (rollout instanceof Readiness.NotReady notReady
        && progressing != null
        && unavailableLongerThan(status, progressDeadlineSeconds, now)) {
      return new Readiness.Failed(notReady.reason() + ", past the progress deadline");
    }
    return rollout;
  }

  private static Readiness rollout(Deployment deployment, DeploymentStatus status, int threshold) {
    int updated = orZero(status.getUpdatedReplicas());
    Integer desired = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    if (desired != null && updated < desired) {
      return new Readiness.NotReady(
          "waiting for rollout to finish: %d out of %d new replicas have been updated"
              .formatted(updated, desired));
    }
    int total = orZero(status.getReplicas());
    if (total > updated) {
      return new Readiness.NotReady(
          "waiting for rollout to finish: %d old replicas are pending termination"
              .formatted(total - updated));
    }
    // Rounded down as Flagger does; exact integer arithmetic, where Flagger's float32 can land one
    // below for some thresholds.
    int required = updated * threshold / 100;
    int available = orZero(status.getAvailableReplicas());
    if (available < required) {
      return new Readiness.NotReady(
          "waiting for rollout to finish: %d of %d (readyThreshold %d%%) updated replicas are available"
              .formatted(available, required, threshold));
    }
    return Readiness.ready();
  }

  private static boolean unavailableLongerThan(
      DeploymentStatus status, int deadlineSeconds, Instant now) {
    DeploymentCondition available = condition(status, "Available");
    if (available == null
        || !"False".equals(available.getStatus())
        || !"MinimumReplicasUnavailable".equals(available.getReason())) {
      return false;
    }
    Instant since = parse(available.getLastUpdateTime());
    return since != null && since.plus(Duration.ofSeconds(deadlineSeconds)).isBefore(now);
  }

  private static DeploymentCondition condition(DeploymentStatus status, String type) {
    List<DeploymentCondition> conditions = status.getConditions();
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}

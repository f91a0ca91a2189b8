package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets conditions in the Kubernetes convention: {@code lastTransitionTime} moves only when the
 * status flips, so a status that says the same thing twice is the same status and is not patched.
 */
public final class Conditions {
  public static final String PROMOTED = "Promoted";
  public static final String READY = "Ready";

  private Conditions() {}

  public static List<CanaryCondition> set(
      List<CanaryCondition> conditions,
      String type,
      String status,
      String reason,
      String message,
      String now,
      Long generation) {
    List<CanaryCondition> result =
        conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    CanaryCondition existing = find(result, type);
    if (existing != null
        && Objects.equals(existing.getStatus(), status)
        && Objects.equals(existing.getReason(), reason)
        && Objects.equals(existing.getMessage(), message)
        && Objects.equals(existing.getObservedGeneration(), generation)) {
      return result;
    }
    CanaryCondition next = new CanaryCondition();
    next.setType(type);
    next.setStatus(status);
    next.setReason(reason);
    next.setMessage(message);
    next.setObservedGeneration(generation);
    next.setLastUpdateTime(now);
    boolean flipped = existing == null || !Objects.equals(existing.getStatus(), status);
    next.setLastTransitionTime(flipped ? now : existing.getLastTransitionTime());
    if (existing != null) {
      result.set(result.indexOf(existing), next);
    } else {
      result.add(next);
    }
    return result;
  }

  public static CanaryCondition find(List<CanaryCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}

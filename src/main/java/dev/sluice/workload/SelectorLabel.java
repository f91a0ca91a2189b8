package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/**
 * The pod label that tells primary pods from canary pods: the first of the policy's selector labels
 * present in the target's {@code spec.selector.matchLabels}. Canary pods keep {@code value},
 * primary pods get {@link #primaryValue()}.
 */
public record SelectorLabel(String key, String value) {

  static final String PRIMARY_SUFFIX = "-primary";

  /** {@code <value>-primary}, the value primary pods carry. */
  public String primaryValue() {
    return value + PRIMARY_SUFFIX;
  }

  /** What {@link #find} found: the label, or why the target cannot be rolled out. */
  public sealed interface Lookup {}

  public record Found(SelectorLabel label) implements Lookup {}

  /** A validation error of the target; {@code reason} is meant for the Canary's status. */
  public record Invalid(String reason) implements Lookup {}

  /**
   * Finds the selector label of {@code target}.
   *
   * @return {@link Found}, or {@link Invalid} when the selector has none of the policy's labels
   */
  public static Lookup find(Deployment target, LabelPolicy policy) {
    Map<String, String> matchLabels = null;
    if (target.getSpec() != null && target.getSpec().getSelector() != null) {
      matchLabels = target.getSpec().getSelector().getMatchLabels();
    }
    if (matchLabels != null) {
      for (String key : policy.selectorLabels()) {
        String value = matchLabels.get(key);
        if (value != null) {
          return new Found(new SelectorLabel(key, value));
        }
      }
    }
    return new Invalid(
        "deployment %s.%s spec.selector.matchLabels must contain one of %s"
            .formatted(
                target.getMetadata().getName(),
                target.getMetadata().getNamespace(),
                policy.selectorLabels()));
  }
}

package dev.sluice.api.v1beta1;

import java.util.Arrays;
import java.util.Optional;

/**
 * Flagger's webhook types. Where each one fires and what its answer means is the state machine's
 * business; this enum only names them as manifests spell them.
 */
public enum HookType {
  CONFIRM_ROLLOUT("confirm-rollout"),
  PRE_ROLLOUT("pre-rollout"),
  ROLLOUT("rollout"),
  CONFIRM_TRAFFIC_INCREASE("confirm-traffic-increase"),
  CONFIRM_PROMOTION("confirm-promotion"),
  POST_ROLLOUT("post-rollout"),
  ROLLBACK("rollback"),
  EVENT("event");

  private final String wireName;

  HookType(String wireName) {
    this.wireName = wireName;
  }

  /** As written in {@code analysis.webhooks[].type}. */
  public String wireName() {
    return wireName;
  }

  /** The type of a manifest's value; empty when it names no Flagger type. Blank means rollout. */
  public static Optional<HookType> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of(ROLLOUT);
    }
    return Arrays.stream(values()).filter(t -> t.wireName.equals(text.strip())).findFirst();
  }
}

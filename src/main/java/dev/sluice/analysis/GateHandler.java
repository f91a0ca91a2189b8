package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;

/**
 * The confirm-* gates, as Flagger places them: {@code confirm-rollout} holds a new revision in
 * {@code Waiting}, {@code confirm-traffic-increase} holds the weight, {@code confirm-promotion}
 * holds in {@code WaitingPromotion}. A closed gate counts nothing; its answer is in the Ready
 * condition and in one warning per wait.
 */
final class GateHandler {
  private GateHandler() {}

  static boolean trafficIncreaseConfirmed(Draft d) {
    return confirmed(d, HookType.CONFIRM_TRAFFIC_INCREASE);
  }

  /** Holds in Waiting while a confirm-rollout gate is closed, as Flagger does. */
  static boolean rolloutConfirmed(Draft d) {
    HookOutcomes hooks = d.seen.hooks();
    if (!hooks.failed(HookType.CONFIRM_ROLLOUT).isEmpty()) {
      d.status.setPhase(CanaryPhase.Waiting);
      d.holdAtGate(
          "Halt "
              + d.target()
              + " advancement waiting for approval: "
              + hooks.failureReasons(HookType.CONFIRM_ROLLOUT),
          hooks.alertOnFailure(HookType.CONFIRM_ROLLOUT));
      return false;
    }
    if (d.phase() == CanaryPhase.Waiting) {
      d.normal("Confirmed", "Confirm-rollout check passed for " + d.target());
    }
    return true;
  }

  /** Holds in WaitingPromotion while a confirm-promotion gate is closed, as Flagger does. */
  static boolean promotionConfirmed(Draft d) {
    if (!d.seen.hooks().failed(HookType.CONFIRM_PROMOTION).isEmpty()) {
      d.status.setPhase(CanaryPhase.WaitingPromotion);
    }
    return confirmed(d, HookType.CONFIRM_PROMOTION);
  }

  /** Whether the gates of this type are open; holds the step with a warning when one is not. */
  private static boolean confirmed(Draft d, HookType gate) {
    HookOutcomes hooks = d.seen.hooks();
    if (!hooks.failed(gate).isEmpty()) {
      String what = gate == HookType.CONFIRM_PROMOTION ? "promotion" : "traffic increase";
      d.holdAtGate(
          "Halt "
              + d.target()
              + " advancement waiting for "
              + what
              + " approval: "
              + hooks.failureReasons(gate),
          hooks.alertOnFailure(gate));
      return false;
    }
    if (!hooks.of(gate).isEmpty() && d.phase() == CanaryPhase.WaitingPromotion) {
      d.normal("Confirmed", "Confirm-promotion check passed for " + d.target());
    }
    return true;
  }
}

package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;

/**
 * The Promoted condition (Flagger's) and the kstatus Ready condition that Flux and Argo CD read,
 * both derived from the phase so they can never disagree with it.
 */
final class StatusConditions {
  private StatusConditions() {}

  static void apply(CanaryStatus status, String waitingFor, String now, Long generation) {
    CanaryPhase phase = status.getPhase();
    String[] promoted = promoted(phase);
    if (promoted != null) {
      status.setConditions(
          Conditions.set(
              status.getConditions(),
              Conditions.PROMOTED,
              promoted[0],
              promoted[1],
              promoted[2],
              now,
              generation));
    }
    String[] ready = ready(phase, waitingFor);
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.READY,
            ready[0],
            ready[1],
            ready[2],
            now,
            generation));
  }

  private static String[] promoted(CanaryPhase phase) {
    return switch (phase) {
      case Initialized ->
          new String[] {"True", "Initialized", "Deployment initialization completed."};
      case Succeeded ->
          new String[] {
            "True", "Succeeded", "Canary analysis completed successfully, promotion finished."
          };
      case Failed ->
          new String[] {"False", "Failed", "Canary analysis failed, Deployment scaled to zero."};
      case Progressing, Waiting ->
          new String[] {
            "Unknown", "Progressing", "New revision detected, progressing canary analysis."
          };
      case Promoting, WaitingPromotion, Finalising ->
          new String[] {"Unknown", phase.name(), "Canary analysis completed, promoting."};
      default -> null;
    };
  }

  private static String[] ready(CanaryPhase phase, String waitingFor) {
    return switch (phase) {
      case Initialized, Succeeded ->
          new String[] {"True", phase.name(), "Primary serves the promoted revision."};
      case Failed ->
          new String[] {
            "False",
            "Failed",
            waitingFor != null
                ? waitingFor
                : "Canary analysis failed; primary serves the last promoted revision."
          };
      default ->
          new String[] {
            "False", phase.name(), waitingFor != null ? waitingFor : "Rollout in progress."
          };
    };
  }
}

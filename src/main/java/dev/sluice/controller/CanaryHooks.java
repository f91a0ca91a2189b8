package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.analysis.EventNote;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.notify.EventRecorder;
import dev.sluice.webhook.WebhookClient;
import dev.sluice.webhook.WebhookPayload;
import dev.sluice.webhook.WebhookResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Calls a canary's webhooks of the types a tick needs, one after another, each bounded by its own
 * timeout and retries and all by the tick's deadline ({@link TickCalls}). What their answers mean
 * is the state machine's business; this class only calls them with the phase in the payload that
 * Flagger sends for each type.
 */
@ApplicationScoped
public class CanaryHooks {
  @Inject WebhookClient client;
  @Inject EventRecorder events;
  @Inject TickThreads threads;

  /** Calls the gates and hooks of the due types (rollout and post-rollout hooks excepted). */
  public HookOutcomes call(TickCalls window, Canary canary, Set<HookType> due) {
    HookOutcomes outcomes = HookOutcomes.none();
    for (HookType type : due) {
      List<HookOutcomes.Outcome> answers = call(window, canary, type, payloadPhase(canary, type));
      if (!answers.isEmpty()) {
        outcomes = outcomes.with(type, answers);
      }
    }
    return outcomes;
  }

  /**
   * The {@code rollout} hooks (load and smoke tests at every step) as checks: each that does not
   * pass is a failed check with the receiver's answer as its reason.
   */
  public Checks rolloutChecks(TickCalls window, Canary canary) {
    List<String> failures = new ArrayList<>();
    List<String> muted = new ArrayList<>();
    for (HookOutcomes.Outcome outcome :
        call(window, canary, HookType.ROLLOUT, CanaryPhase.Progressing.name())) {
      if (!outcome.passed()) {
        (outcome.muteAlert() ? muted : failures).add(outcome.reason());
      }
    }
    return Checks.none().withFailures(failures, muted);
  }

  /**
   * The {@code post-rollout} hooks of a run that ended in {@code phase}. Their answer changes
   * nothing (the run is over); a failure is a warning event, sent to chat unless muted. They are
   * called once the run's end is recorded, which no request may interrupt; they get a tick's
   * deadline of their own.
   */
  public void postRollout(Canary canary, CanaryPhase phase) {
    TickCalls window = threads.start(false);
    for (HookOutcomes.Outcome outcome : call(window, canary, HookType.POST_ROLLOUT, phase.name())) {
      if (!outcome.passed()) {
        EventNote note =
            EventNote.warning("PostRolloutFailed", "Post-rollout hook failed: " + outcome.reason());
        events.record(canary, outcome.muteAlert() ? note : note.alert(Severity.WARN));
      }
    }
  }

  private List<HookOutcomes.Outcome> call(
      TickCalls window, Canary canary, HookType type, String phase) {
    List<CanaryWebhook> hooks = canary.getSpec().getAnalysis().getWebhooks();
    List<HookOutcomes.Outcome> outcomes = new ArrayList<>();
    if (hooks == null) {
      return outcomes;
    }
    String checksum = WebhookPayload.checksum(canary.getStatus());
    for (CanaryWebhook hook : hooks) {
      if (HookType.parse(hook.getType()).orElse(null) != type) {
        continue;
      }
      WebhookPayload payload =
          WebhookPayload.of(
              canary.getMetadata().getName(),
              canary.getMetadata().getNamespace(),
              phase,
              checksum,
              hook);
      WebhookResult result =
          window.call(
              () -> client.call(hook, payload),
              why -> new WebhookResult(false, 0, 0, "webhook " + hook.getName() + ": " + why));
      outcomes.add(
          new HookOutcomes.Outcome(
              hook.getName(),
              result.passed(),
              result.reason(),
              Boolean.TRUE.equals(hook.getMuteAlert())));
    }
    return outcomes;
  }

  /**
   * Flagger's payload phase: the canary's own for confirm-rollout and rollback, Progressing for the
   * hooks of a step.
   */
  private static String payloadPhase(Canary canary, HookType type) {
    if (type == HookType.CONFIRM_ROLLOUT || type == HookType.ROLLBACK) {
      return canary.getStatus() == null || canary.getStatus().getPhase() == null
          ? ""
          : canary.getStatus().getPhase().name();
    }
    return CanaryPhase.Progressing.name();
  }
}

package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.seen;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.workload.Readiness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canaries with the status the state machine records in each phase, for tests of what other tools
 * read from status (Argo CD's Lua health checks and actions): recorded by driving runs, not written
 * by hand, so a change of what status says reaches those tests.
 */
public final class PhaseStatuses {
  private PhaseStatuses() {}

  /**
   * One Canary per state, by name: every phase the state machine writes, a paused run, and a canary
   * blocked by an invalid spec before it ever started.
   */
  public static Map<String, Canary> recorded() {
    Map<String, Canary> states = new LinkedHashMap<>();

    Rollout initializing = new Rollout(Canaries.podinfo(Canaries.stepWeight(10, 20)));
    initializing.tick(Canaries.primary(REV_1, new Readiness.NotReady("0 of 3 replicas ready")));
    states.put("Initializing", copy(initializing));

    Rollout run = Rollout.initialized(Canaries.stepWeight(10, 20));
    states.put("Initialized", copy(run));
    run.tick(seen(REV_2));
    states.put("Progressing at 0", copy(run));
    run.tick(seen(REV_2));
    states.put("Progressing at 10", copy(run));
    while (run.canary.getStatus().getPhase() != CanaryPhase.Promoting) {
      run.tick(seen(REV_2));
    }
    states.put("Promoting", copy(run));
    while (run.canary.getStatus().getPhase() != CanaryPhase.Finalising) {
      run.tick(seen(REV_2));
    }
    states.put("Finalising", copy(run));
    while (run.canary.getStatus().getPhase() != CanaryPhase.Succeeded) {
      run.tick(seen(REV_2));
    }
    states.put("Succeeded", copy(run));

    Rollout waiting = Rollout.initialized(gated(HookType.CONFIRM_ROLLOUT));
    waiting.tick(closed(HookType.CONFIRM_ROLLOUT));
    states.put("Waiting", copy(waiting));

    Rollout atTop = Rollout.initialized(gated(HookType.CONFIRM_PROMOTION));
    while (atTop.canary.getStatus().getPhase() != CanaryPhase.WaitingPromotion) {
      atTop.tick(closed(HookType.CONFIRM_PROMOTION));
    }
    states.put("WaitingPromotion", copy(atTop));

    Rollout failing = Rollout.initialized(Canaries.stepWeight(10, 20));
    failing.tick(seen(REV_2));
    failing.tick(seen(REV_2));
    while (failing.canary.getStatus().getPhase() != CanaryPhase.Failed) {
      failing.tick(Canaries.failing(REV_2, "request-success-rate 90 < 99"));
    }
    states.put("Failed", copy(failing));

    Rollout paused = Rollout.initialized(Canaries.stepWeight(10, 20));
    paused.tick(seen(REV_2));
    paused.tick(seen(REV_2));
    paused.tick(seen(REV_2).withRequest(ControlRequest.parse("pause/1").orElseThrow()));
    states.put("Paused", copy(paused));

    Canary invalid = Canaries.podinfo(Canaries.stepWeight(10, 20));
    invalid.setStatus(
        CanaryStateMachine.blocked(
                invalid, "InvalidSpec", "provider traefik-v9 is not supported", Canaries.START)
            .status());
    states.put("Invalid", invalid);
    return states;
  }

  private static CanaryAnalysis gated(HookType type) {
    CanaryAnalysis analysis = Canaries.stepWeight(10, 20);
    CanaryWebhook gate = new CanaryWebhook();
    gate.setName("gate");
    gate.setType(type.wireName());
    gate.setUrl("http://gate.test/approve");
    analysis.setWebhooks(List.of(gate));
    return analysis;
  }

  private static Observations closed(HookType type) {
    Observations seen = seen(REV_2);
    return seen.withHooks(
        seen.hooks()
            .with(type, List.of(new HookOutcomes.Outcome("gate", false, "gate 403", false))));
  }

  private static Canary copy(Rollout rollout) {
    Canary canary = Canaries.podinfo(rollout.canary.getSpec().getAnalysis());
    canary.setStatus(Canaries.copy(rollout.canary.getStatus()));
    return canary;
  }
}

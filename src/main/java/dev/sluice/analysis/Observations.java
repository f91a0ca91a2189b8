package dev.sluice.analysis;

import dev.sluice.workload.Readiness;
import java.util.Map;

/**
 * What a tick saw before deciding: the target's revision and tracked configs, readiness of both
 * workloads, the primary's replicas, the outcome of this step's checks, the answers of the webhooks
 * called, and a person's pending request.
 *
 * @param targetRevision hash of the target's pod template and tracked configs
 * @param trackedConfigs checksums of the ConfigMaps and Secrets the target references
 * @param primaryReplicas replicas the primary runs, used to scale the canary up from zero
 * @param checks the checks of this step; none when no check was due
 * @param hooks answers of the gates and hooks {@link StepPlan#calls()} asked for
 * @param request a request not handled yet; null when there is none
 * @param primaryRevision the revision the primary's pod template carries; null when unknown (no
 *     primary seen), which a promotion reads as "copied already", as before the primary was seen
 */
public record Observations(
    String targetRevision,
    Map<String, String> trackedConfigs,
    Readiness primary,
    Readiness canary,
    int primaryReplicas,
    Checks checks,
    HookOutcomes hooks,
    ControlRequest request,
    String primaryRevision) {

  public Observations {
    checks = checks == null ? Checks.none() : checks;
    hooks = hooks == null ? HookOutcomes.none() : hooks;
  }

  /** Observations of the workloads alone: no checks, hooks or request yet. */
  public Observations(
      String targetRevision,
      Map<String, String> trackedConfigs,
      Readiness primary,
      Readiness canary,
      int primaryReplicas,
      Checks checks) {
    this(
        targetRevision, trackedConfigs, primary, canary, primaryReplicas, checks, null, null, null);
  }

  /** The same observations with this step's checks. */
  public Observations withChecks(Checks checks) {
    return new Observations(
        targetRevision,
        trackedConfigs,
        primary,
        canary,
        primaryReplicas,
        checks,
        hooks,
        request,
        primaryRevision);
  }

  /** The same observations with the answers of the hooks called. */
  public Observations withHooks(HookOutcomes hooks) {
    return new Observations(
        targetRevision,
        trackedConfigs,
        primary,
        canary,
        primaryReplicas,
        checks,
        hooks,
        request,
        primaryRevision);
  }

  /** The same observations with a pending request. */
  public Observations withRequest(ControlRequest request) {
    return new Observations(
        targetRevision,
        trackedConfigs,
        primary,
        canary,
        primaryReplicas,
        checks,
        hooks,
        request,
        primaryRevision);
  }

  /** The same observations with the revision the primary was seen to run. */
  public Observations withPrimaryRevision(String primaryRevision) {
    return new Observations(
        targetRevision,
        trackedConfigs,
        primary,
        canary,
        primaryReplicas,
        checks,
        hooks,
        request,
        primaryRevision);
  }
}

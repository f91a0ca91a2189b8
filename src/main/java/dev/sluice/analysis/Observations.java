package dev.sluice.analysis;

import dev.sluice.workload.Readiness;
import java.util.Map;

/**
 * What a tick saw before deciding: the target's revision and tracked configs, readiness of both
 * workloads, the primary's replicas and the outcome of this step's checks.
 *
 * @param targetRevision hash of the target's pod template and tracked configs
 * @param trackedConfigs checksums of the ConfigMaps and Secrets the target references
 * @param primaryReplicas replicas the primary runs, used to scale the canary up from zero
 * @param checks the checks of this step; none when no check was due
 */
public record Observations(
    String targetRevision,
    Map<String, String> trackedConfigs,
    Readiness primary,
    Readiness canary,
    int primaryReplicas,
    Checks checks) {

  /** The same observations with this step's checks. */
  public Observations withChecks(Checks checks) {
    return new Observations(
        targetRevision, trackedConfigs, primary, canary, primaryReplicas, checks);
  }
}

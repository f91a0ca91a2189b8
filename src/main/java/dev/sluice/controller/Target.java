package dev.sluice.controller;

import dev.sluice.workload.SelectorLabel;
import dev.sluice.workload.TrackedConfigs;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The target Deployment as one tick resolved it: the snapshot the tick observes, decides on and, at
 * promotion, copies to the primary.
 *
 * @param label the selector label its pods carry
 * @param configs the ConfigMaps and Secrets its pod template references
 * @param revision hash of its pod template and tracked configs
 */
public record Target(
    Deployment deployment, SelectorLabel label, TrackedConfigs configs, String revision) {}

package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.TargetLabels;
import dev.sluice.workload.ConfigTracker;
import dev.sluice.workload.RevisionHasher;
import dev.sluice.workload.SelectorLabel;
import dev.sluice.workload.TrackedConfigs;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves a canary's target from the informer cache: the Deployment, its selector label, the
 * configs it tracks and its revision. It writes nothing; what it cannot resolve is a {@link
 * MissingObjectException} that names the missing object.
 */
@ApplicationScoped
public class TargetResolver {
  @Inject ClusterCache cache;
  @Inject TargetLabels labels;

  /** The target as this tick sees it; throws if it is missing or references a missing config. */
  public Target resolve(Canary canary) {
    String ns = canary.getMetadata().getNamespace();
    String name = canary.getSpec().getTargetRef().getName();
    Deployment deployment =
        cache
            .deployment(ns, name)
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "TargetNotFound", "Deployment " + ns + "/" + name + " not found"));
    SelectorLabel label = labels.of(deployment);
    TrackedConfigs configs =
        ConfigTracker.track(
            deployment.getSpec().getTemplate().getSpec(),
            n -> cache.configMap(ns, n).orElse(null),
            n -> cache.secret(ns, n).orElse(null));
    if (!configs.missingRequired().isEmpty()) {
      throw new MissingObjectException(
          "ConfigNotFound",
          "Deployment "
              + ns
              + "/"
              + name
              + " references missing "
              + String.join(", ", configs.missingRequired()));
    }
    String revision = RevisionHasher.revision(deployment.getSpec().getTemplate(), configs);
    return new Target(deployment, label, configs, revision);
  }
}

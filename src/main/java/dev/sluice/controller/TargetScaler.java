package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Scales the target, which runs the canary's pods: up for a run, to zero between runs, back up
 * before a Canary is deleted. The only write Sluice makes to the target.
 */
@ApplicationScoped
public class TargetScaler {
  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  /**
   * Sets the target's replicas. The change is applied to whatever the live object is at write time,
   * so a 409 retry never writes back a template someone else just changed.
   */
  public void scale(Canary canary, int replicas) {
    Deployment live =
        cache
            .deployment(
                canary.getMetadata().getNamespace(), canary.getSpec().getTargetRef().getName())
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "TargetNotFound",
                        "Deployment " + canary.getSpec().getTargetRef().getName() + " not found"));
    writer.apply(
        live,
        live,
        (current, ignored) ->
            Integer.valueOf(replicas).equals(current.getSpec().getReplicas())
                ? Optional.empty()
                : Optional.of(
                    new DeploymentBuilder(current)
                        .editSpec()
                        .withReplicas(replicas)
                        .endSpec()
                        .build()));
  }
}

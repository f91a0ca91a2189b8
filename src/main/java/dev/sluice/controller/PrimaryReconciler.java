package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.TargetLabels;
import dev.sluice.workload.PrimaryAutoscaler;
import dev.sluice.workload.PrimaryDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The primary, over the pure model of {@code dev.sluice.workload}: created from the target once,
 * with its config copies; changed afterwards only by a promotion; its autoscaler kept in line with
 * the target's on every tick.
 */
@ApplicationScoped
public class PrimaryReconciler {
  private static final List<String> WHOLE_SPEC = List.of("/spec");

  @Inject ClusterCache cache;
  @Inject TargetLabels labels;
  @Inject ResourceWriter writer;
  @Inject PrimaryConfigCopies configCopies;

  /**
   * Creates the primary and its config copies when the primary is absent. Create-only: a primary
   * that exists already (the cache may lag) is never overwritten from the target here, or an
   * unanalysed template would reach it.
   */
  public void createIfAbsent(Canary canary, Target target) {
    String ns = canary.getMetadata().getNamespace();
    String primaryName = PrimaryDeployment.name(target.deployment().getMetadata().getName());
    if (cache.deployment(ns, primaryName).isPresent()) {
      return;
    }
    configCopies.copy(canary, target);
    writer.createIfAbsent(
        PrimaryDeployment.initial(
            canary,
            target.deployment(),
            target.label(),
            target.configs(),
            target.revision(),
            labels.policy()));
  }

  /**
   * Copies the analysed target to the primary: the pod template and tracked configs of {@code
   * analysed}, the snapshot the tick decided on, never a newer one read since.
   */
  public void promote(Canary canary, Target analysed) {
    String ns = canary.getMetadata().getNamespace();
    String primaryName = PrimaryDeployment.name(analysed.deployment().getMetadata().getName());
    Deployment primary =
        cache
            .deployment(ns, primaryName)
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "PrimaryNotFound", "Deployment " + ns + "/" + primaryName + " not found"));
    configCopies.copy(canary, analysed);
    writer.apply(
        primary,
        primary,
        (current, ignored) ->
            Optional.of(
                    PrimaryDeployment.promote(
                        current,
                        analysed.deployment(),
                        analysed.label(),
                        analysed.configs(),
                        analysed.revision(),
                        labels.policy()))
                .filter(promoted -> !Objects.equals(promoted.getSpec(), current.getSpec())));
  }

  /** The primary's autoscaler, a copy of the target's {@code autoscalerRef}, when it names one. */
  public void reconcileAutoscaler(Canary canary) {
    var ref = canary.getSpec().getAutoscalerRef();
    if (ref == null) {
      return;
    }
    String ns = canary.getMetadata().getNamespace();
    var hpa =
        cache
            .autoscaler(ns, ref.getName())
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "AutoscalerNotFound",
                        "HorizontalPodAutoscaler " + ns + "/" + ref.getName() + " not found"));
    var desired = PrimaryAutoscaler.desired(canary, hpa);
    // the spec is the target's, read back from the API server with its defaults: owning it whole
    // removes what the target's HPA no longer has (a behaviour, a metric) without fighting defaults
    writer.applyExact(
        desired, cache.autoscaler(ns, desired.getMetadata().getName()).orElse(null), WHOLE_SPEC);
  }
}

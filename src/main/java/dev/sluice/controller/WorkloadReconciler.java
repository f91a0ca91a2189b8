package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.analysis.Observations;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.TargetLabels;
import dev.sluice.workload.DeploymentReadiness;
import dev.sluice.workload.PrimaryDeployment;
import dev.sluice.workload.PrimaryPodTemplate;
import dev.sluice.workload.Readiness;
import dev.sluice.workload.RevisionHasher;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The workload side of a tick, before the state machine decides: resolve the target, create or keep
 * what the canary needs (the primary and its autoscaler, the Services), and observe the two
 * Deployments. Reads come from the informer cache; each kind of object has its own writer.
 */
@ApplicationScoped
public class WorkloadReconciler {
  @Inject ClusterCache cache;
  @Inject SluiceConfig config;
  @Inject Clock clock;
  @Inject TargetResolver targets;
  @Inject PrimaryReconciler primaries;
  @Inject ServiceReconciler services;
  @Inject TargetLabels labels;

  /**
   * Creates what the canary needs and keeps its structure: the primary and its config copies only
   * when absent (they change at promotion alone), the primary autoscaler and Services on every
   * tick. With {@code routerOwnsApexSelector} the apex selector is left as it is.
   */
  public Target bootstrap(Canary canary, boolean routerOwnsApexSelector) {
    Target target = targets.resolve(canary);
    primaries.createIfAbsent(canary, target);
    primaries.reconcileAutoscaler(canary);
    services.reconcile(canary, target, routerOwnsApexSelector);
    return target;
  }

  /** What the state machine needs to know of the workloads. */
  public Observations observe(Canary canary, Target target) {
    CanarySpec spec = canary.getSpec();
    String ns = canary.getMetadata().getNamespace();
    Optional<Deployment> primary =
        cache.deployment(ns, PrimaryDeployment.name(target.deployment().getMetadata().getName()));
    int deadline = (int) SpecDefaults.progressDeadline(spec, config).toSeconds();
    Readiness primaryReady =
        primary
            .map(
                p ->
                    DeploymentReadiness.of(
                        p,
                        DeploymentReadiness.thresholdOrDefault(
                            spec.getAnalysis().getPrimaryReadyThreshold()),
                        deadline,
                        clock.instant()))
            .orElse(new Readiness.NotReady("primary deployment not created yet"));
    Readiness canaryReady =
        DeploymentReadiness.of(
            target.deployment(),
            DeploymentReadiness.thresholdOrDefault(spec.getAnalysis().getCanaryReadyThreshold()),
            deadline,
            clock.instant());
    int replicas = primary.map(p -> p.getSpec().getReplicas()).orElse(1);
    return new Observations(
            target.revision(),
            target.configs().statusMap(),
            primaryReady,
            canaryReady,
            replicas,
            Checks.none())
        .withPrimaryRevision(primary.map(p -> revision(p, target)).orElse(null));
  }

  /**
   * The revision a promotion wrote into the primary's pod template. A primary Flagger wrote carries
   * a random id there instead: it runs the target's revision when its pod spec is the one Sluice
   * would copy from the target now, and that is what a Canary Flagger promoted is taken over by.
   */
  private String revision(Deployment primary, Target target) {
    var metadata = primary.getSpec().getTemplate().getMetadata();
    String written =
        metadata == null || metadata.getAnnotations() == null
            ? null
            : metadata.getAnnotations().get(PrimaryPodTemplate.REVISION_ANNOTATION);
    if (written == null || RevisionHasher.isRevision(written)) {
      return written;
    }
    var copied =
        PrimaryPodTemplate.of(
                target.deployment(),
                target.label(),
                target.configs(),
                target.revision(),
                labels.policy())
            .getSpec();
    return Objects.equals(copied, primary.getSpec().getTemplate().getSpec())
        ? target.revision()
        : written;
  }
}

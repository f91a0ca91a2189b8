package dev.sluice.controller;

import dev.sluice.analysis.Checks;
import dev.sluice.analysis.Observations;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.TargetLabels;
import dev.sluice.workload.CanaryServices;
import dev.sluice.workload.ConfigRef;
import dev.sluice.workload.ConfigTracker;
import dev.sluice.workload.DeploymentReadiness;
import dev.sluice.workload.LabelPolicy;
import dev.sluice.workload.PrimaryAutoscaler;
import dev.sluice.workload.PrimaryDeployment;
import dev.sluice.workload.Readiness;
import dev.sluice.workload.RevisionHasher;
import dev.sluice.workload.SelectorLabel;
import dev.sluice.workload.ServiceMerge;
import dev.sluice.workload.TrackedConfigs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The workload side of a tick, over the pure model of {@code dev.sluice.workload}: the primary
 * Deployment, its config copies and autoscaler, the three Services, and what the tick observes of
 * them. Reads come from the informer cache; writes go through {@link ResourceWriter}.
 */
@ApplicationScoped
public class WorkloadReconciler {
  // A copy holds exactly its source's content: a key removed from the source must go from the copy.
  private static final List<String> CONFIG_MAP_CONTENT = List.of("/data", "/binaryData");
  private static final List<String> WHOLE_SPEC = List.of("/spec");
  private static final List<String> SECRET_CONTENT = List.of("/data");

  @Inject ClusterCache cache;
  @Inject TargetLabels labels;
  @Inject ResourceWriter writer;
  @Inject SluiceConfig config;
  @Inject Clock clock;

  /** The target as a tick sees it. */
  public record Target(
      Deployment deployment, SelectorLabel label, TrackedConfigs configs, String revision) {}

  /** The target, its selector label, tracked configs and revision; throws if it is unusable. */
  public Target target(Canary canary) {
    String ns = canary.getMetadata().getNamespace();
    String name = canary.getSpec().getTargetRef().getName();
    Deployment deployment =
        cache
            .deployment(ns, name)
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "TargetNotFound", "Deployment " + ns + "/" + name + " not found"));
    SelectorLabel label = label(deployment);
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

  /**
   * Creates what the canary needs and keeps its structure: the primary and its config copies only
   * when absent (they change at promotion alone), the primary autoscaler and Services on every
   * tick. With {@code routerOwnsApexSelector} the apex selector is left as it is.
   */
  public Target bootstrap(Canary canary, boolean routerOwnsApexSelector) {
    Target target = target(canary);
    String ns = canary.getMetadata().getNamespace();
    String primaryName = PrimaryDeployment.name(target.deployment().getMetadata().getName());
    if (cache.deployment(ns, primaryName).isEmpty()) {
      copyConfigs(canary, target);
      // create-only: a primary that exists already (the cache may lag) is never overwritten
      // from the target here, or an unanalysed template would reach it
      writer.createIfAbsent(
          PrimaryDeployment.initial(
              canary,
              target.deployment(),
              target.label(),
              target.configs(),
              target.revision(),
              policy()));
    }
    reconcileAutoscaler(canary);
    var services =
        CanaryServices.desired(
            canary, target.label(), target.deployment().getSpec().getTemplate().getSpec());
    reconcileService(canary, services.apex(), routerOwnsApexSelector);
    reconcileService(canary, services.primary(), false);
    reconcileService(canary, services.canary(), false);
    return target;
  }

  /** What the state machine needs to know of the workloads. */
  public Observations observe(Canary canary, Target target) {
    CanarySpec spec = canary.getSpec();
    String ns = canary.getMetadata().getNamespace();
    Optional<Deployment> primary =
        cache.deployment(ns, PrimaryDeployment.name(target.deployment().getMetadata().getName()));
    int deadline = (int) deadline(canary).toSeconds();
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
        Checks.none());
  }

  /**
   * Scales the target (the canary's pods). The change is applied to whatever the live object is at
   * write time, so a 409 retry never writes back a template someone else just changed.
   */
  public void scaleCanary(Canary canary, int replicas) {
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
    copyConfigs(canary, analysed);
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
                        policy()))
                .filter(promoted -> !sameSpec(promoted, current)));
  }

  /** The selector label of a target Deployment, or an error naming why it has none. */
  public SelectorLabel label(Deployment target) {
    return labels.of(target);
  }

  private static boolean sameSpec(Deployment a, Deployment b) {
    return Objects.equals(a.getSpec(), b.getSpec());
  }

  Duration deadline(Canary canary) {
    return SpecDefaults.progressDeadline(canary.getSpec(), config);
  }

  private void copyConfigs(Canary canary, Target target) {
    String ns = canary.getMetadata().getNamespace();
    for (ConfigRef ref : target.configs().refs()) {
      if (ref.kind() == ConfigRef.Kind.CONFIG_MAP) {
        cache
            .configMap(ns, ref.name())
            .ifPresent(
                source ->
                    copyOwnedWithOthers(
                        canary,
                        ConfigTracker.primaryCopy(canary, source, policy()),
                        cache.configMap(ns, ref.primaryName()).orElse(null),
                        CONFIG_MAP_CONTENT));
      } else {
        cache
            .secret(ns, ref.name())
            .ifPresent(
                source ->
                    copyOwnedWithOthers(
                        canary,
                        ConfigTracker.primaryCopy(canary, source, policy()),
                        cache.secret(ns, ref.primaryName()).orElse(null),
                        SECRET_CONTENT));
      }
    }
  }

  /**
   * Writes a {@code -primary} config copy. Two canaries may track the same ConfigMap: the copy
   * keeps every owner it has and gains this canary as a further, non-controller owner, so the
   * garbage collector removes it only when the last canary using it is gone.
   */
  private <T extends HasMetadata> void copyOwnedWithOthers(
      Canary canary, T desired, T live, List<String> exact) {
    if (live != null
        && live.getMetadata().getOwnerReferences() != null
        && !live.getMetadata().getOwnerReferences().isEmpty()) {
      List<OwnerReference> owners = new ArrayList<>(live.getMetadata().getOwnerReferences());
      String uid = canary.getMetadata().getUid();
      if (owners.stream().noneMatch(o -> uid.equals(o.getUid()))) {
        OwnerReference mine = canary.ownerReference();
        mine.setController(owners.stream().noneMatch(o -> Boolean.TRUE.equals(o.getController())));
        owners.add(mine);
      }
      desired.getMetadata().setOwnerReferences(owners);
    }
    writer.applyExact(desired, live, exact);
  }

  private void reconcileAutoscaler(Canary canary) {
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

  private void reconcileService(Canary canary, Service desired, boolean keepSelector) {
    String name = canary.getMetadata().getName();
    Service live =
        cache
            .service(desired.getMetadata().getNamespace(), desired.getMetadata().getName())
            .orElse(null);
    if (keepSelector && live != null) {
      desired.getSpec().setSelector(live.getSpec().getSelector());
    }
    writer.apply(
        desired,
        live,
        (current, wanted) -> {
          var merged = ServiceMerge.merge(current, wanted, name);
          return merged.changed() ? Optional.of(merged.service()) : Optional.empty();
        });
  }

  private LabelPolicy policy() {
    return labels.policy();
  }
}

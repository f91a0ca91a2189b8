package dev.sluice.controller;

import dev.sluice.analysis.Conditions;
import dev.sluice.analysis.EventNote;
import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.StatusWriter;
import dev.sluice.kube.TargetLabels;
import dev.sluice.notify.EventRecorder;
import dev.sluice.router.MeshProviders;
import dev.sluice.workload.DeploymentReadiness;
import dev.sluice.workload.Readiness;
import dev.sluice.workload.SelectorLabel;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Safe deletion. Every Canary Sluice acts on carries Flagger's finalizer, whatever {@code
 * revertOnDeletion} says: deleting a Canary makes the API server collect the primary it owns, and
 * with the target parked at zero that would leave the app with no replicas (Flagger does exactly
 * that without {@code revertOnDeletion}). Before the finalizer goes, the target is scaled back up
 * and ready, the apex Service selects its pods and is no longer owned by the Canary, and the
 * router's objects are reverted.
 */
@ApplicationScoped
public class CanaryFinalizer {
  public static final String NAME = "finalizer.flagger.app";

  @Inject KubernetesClient client;
  @Inject ClusterCache cache;
  @Inject TargetLabels labels;
  @Inject TargetScaler scaler;
  @Inject TargetResolver targets;
  @Inject MeshProviders meshes;
  @Inject ResourceWriter writer;
  @Inject StatusWriter statusWriter;
  @Inject EventRecorder events;
  @Inject SluiceConfig config;
  @Inject Clock clock;

  /**
   * Adds the finalizer when missing. The list edited is the one read fresh for the edit, and it is
   * checked again there: the tick's copy may be older than a finalizer written since.
   */
  public void ensure(Canary canary) {
    if (!canary.hasFinalizer(NAME)) {
      // fabric8's addFinalizer insists on a slash; Flagger's name has none, and canaries taken
      // over from Flagger already carry it, so the list is edited directly
      fresh(canary)
          .edit(
              c ->
                  c.getMetadata().getFinalizers().contains(NAME)
                      ? c
                      : withFinalizers(
                          c,
                          Stream.concat(c.getMetadata().getFinalizers().stream(), Stream.of(NAME))
                              .toList()));
    }
  }

  /** One step of restoring the target; the finalizer goes once it is done. */
  public void handleDeletion(Canary canary) {
    if (!canary.hasFinalizer(NAME)) {
      return;
    }
    // only the Deployment itself matters here: a missing ConfigMap must not make a deletion
    // skip the restore and leave the app with no replicas
    String ns = canary.getMetadata().getNamespace();
    String name =
        canary.getSpec() == null || canary.getSpec().getTargetRef() == null
            ? null
            : canary.getSpec().getTargetRef().getName();
    Deployment target = name == null ? null : cache.deployment(ns, name).orElse(null);
    if (target == null) {
      release(
          canary,
          EventNote.warning(
              "Terminated", "Target of " + canary.key() + " is gone; nothing to restore"));
      return;
    }
    Optional<String> rejected = rejectedRevision(canary);
    if (rejected.isPresent()) {
      hold(canary, name, rejected.get());
      return;
    }
    Instant deleted = Instant.parse(canary.getMetadata().getDeletionTimestamp());
    boolean overdue = Duration.between(deleted, clock.instant()).compareTo(deadline(canary)) > 0;
    Readiness ready = restore(canary, target, overdue);
    if (!ready.isReady() && !overdue) {
      terminating(
          canary,
          "Restoring " + name + " before " + canary.key() + " is deleted: " + ready.message());
      return;
    }
    try {
      releaseApexService(canary, labels.of(target));
      meshes
          .router(SpecDefaults.provider(canary.getSpec(), config))
          .ifPresent(router -> router.revert(canary));
    } catch (RuntimeException e) {
      if (!overdue) {
        throw e;
      }
      ready = new Readiness.Failed(ready.message() + "; routing not restored: " + e.getMessage());
    }
    release(
        canary,
        ready.isReady()
            ? EventNote.normal(
                "Terminated", "Restored " + name + " and its routing; " + canary.key() + " can go")
            : EventNote.warning(
                "Terminated",
                "Deleting "
                    + canary.key()
                    + " although "
                    + name
                    + " is not restored after "
                    + deadline(canary).toSeconds()
                    + "s: "
                    + ready.message()));
  }

  /**
   * The revision the target holds when the canary's last run failed and the target was not put back
   * to the promoted revision since: scaling it up and routing to it would put the rejected revision
   * into production. Unknown (a config it references is missing) counts as rejected: it cannot be
   * shown to be the promoted one.
   */
  private Optional<String> rejectedRevision(Canary canary) {
    CanaryStatus status = canary.getStatus();
    if (status == null
        || status.getPhase() != CanaryPhase.Failed
        || status.getLastPromotedSpec() == null) {
      return Optional.empty();
    }
    String revision;
    try {
      revision = targets.resolve(canary).revision();
    } catch (MissingObjectException e) {
      revision = "unknown (" + e.getMessage() + ")";
    }
    return status.getLastPromotedSpec().equals(revision) ? Optional.empty() : Optional.of(revision);
  }

  /**
   * Holds the deletion: the primary keeps serving, and the phase stays Failed (the next pass
   * decides on it again); the Ready condition says why, and the event is recorded once per message.
   */
  private void hold(Canary canary, String target, String revision) {
    CanaryStatus status = statusOf(canary);
    String message =
        "Deletion of "
            + canary.key()
            + " held: its last run failed and "
            + target
            + " still holds the rejected revision "
            + revision
            + " (the primary serves "
            + status.getLastPromotedSpec()
            + "); handing traffic back to "
            + target
            + " would put it into production. Revert "
            + target
            + " to the promoted revision and the deletion goes on";
    CanaryCondition ready = Conditions.find(status.getConditions(), Conditions.READY);
    boolean isNew = ready == null || !message.equals(ready.getMessage());
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            Conditions.READY,
            "False",
            "DeletionHeld",
            message,
            clock.instant().toString(),
            canary.getMetadata().getGeneration()));
    if (statusWriter.write(canary, status) == StatusWriter.Outcome.WRITTEN && isNew) {
      events.record(canary, EventNote.warning("DeletionHeld", message).alert(Severity.WARN));
    }
  }

  /**
   * Scales the target back up and reports whether it serves. Past the deadline a failing write (an
   * admission policy, a 403) no longer holds the Canary: it is reported and the release goes on, so
   * a namespace can always be deleted.
   */
  private Readiness restore(Canary canary, Deployment target, boolean overdue) {
    try {
      return restoreTarget(canary, target);
    } catch (RuntimeException e) {
      if (!overdue) {
        throw e;
      }
      return new Readiness.Failed("could not scale it up: " + e.getMessage());
    }
  }

  private Readiness restoreTarget(Canary canary, Deployment target) {
    Integer replicas = target.getSpec().getReplicas();
    if (replicas == null || replicas == 0) {
      int primaryReplicas =
          cache
              .deployment(
                  canary.getMetadata().getNamespace(), target.getMetadata().getName() + "-primary")
              .map(p -> p.getSpec().getReplicas())
              .orElse(1);
      scaler.scale(canary, Math.max(1, primaryReplicas));
      return new Readiness.NotReady("scaling up to " + Math.max(1, primaryReplicas) + " replicas");
    }
    return DeploymentReadiness.of(
        target,
        DeploymentReadiness.DEFAULT_THRESHOLD,
        (int) deadline(canary).toSeconds(),
        clock.instant());
  }

  private Duration deadline(Canary canary) {
    return SpecDefaults.progressDeadline(canary.getSpec(), config);
  }

  /** The apex Service outlives the Canary: it selects the target's pods and loses its owner. */
  private void releaseApexService(Canary canary, SelectorLabel label) {
    String ns = canary.getMetadata().getNamespace();
    Map<String, String> selector = Map.of(label.key(), label.value());
    cache
        .service(ns, canary.apexName())
        .ifPresent(
            live ->
                writer.apply(
                    live,
                    live,
                    (current, ignored) -> Optional.of(released(current, canary, selector))));
  }

  private static Service released(Service live, Canary canary, Map<String, String> selector) {
    return new ServiceBuilder(live)
        .editMetadata()
        .withOwnerReferences(
            live.getMetadata().getOwnerReferences().stream()
                .filter(o -> !canary.getMetadata().getUid().equals(o.getUid()))
                .toList())
        .endMetadata()
        .editSpec()
        .withSelector(selector)
        .endSpec()
        .build();
  }

  private void terminating(Canary canary, String message) {
    CanaryStatus status = statusOf(canary);
    boolean isNew = status.getPhase() != CanaryPhase.Terminating;
    status.setPhase(CanaryPhase.Terminating);
    status.setLastTransitionTime(
        isNew ? clock.instant().toString() : status.getLastTransitionTime());
    if (statusWriter.write(canary, status) == StatusWriter.Outcome.WRITTEN && isNew) {
      events.record(canary, EventNote.normal("Terminating", message));
    }
  }

  private void release(Canary canary, EventNote note) {
    CanaryStatus status = statusOf(canary);
    status.setPhase(CanaryPhase.Terminated);
    status.setLastTransitionTime(clock.instant().toString());
    statusWriter.write(canary, status);
    events.record(canary, note);
    fresh(canary)
        .edit(
            c ->
                withFinalizers(
                    c,
                    c.getMetadata().getFinalizers().stream()
                        .filter(f -> !NAME.equals(f))
                        .toList()));
  }

  /**
   * The Canary by name, so that an edit reads the latest version first: the tick's copy is stale
   * once its status was written, and an edit of it would fail with a 409.
   */
  private Resource<Canary> fresh(Canary canary) {
    return client
        .resources(Canary.class)
        .inNamespace(canary.getMetadata().getNamespace())
        .withName(canary.getMetadata().getName());
  }

  private static Canary withFinalizers(Canary canary, List<String> finalizers) {
    canary.getMetadata().setFinalizers(finalizers);
    return canary;
  }

  private CanaryStatus statusOf(Canary canary) {
    return canary.getStatus() == null
        ? new CanaryStatus()
        : client.getKubernetesSerialization().clone(canary.getStatus());
  }
}

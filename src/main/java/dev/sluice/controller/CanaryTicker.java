package dev.sluice.controller;

import dev.sluice.analysis.Action;
import dev.sluice.analysis.CanaryStateMachine;
import dev.sluice.analysis.Checks;
import dev.sluice.analysis.ControlRequest;
import dev.sluice.analysis.Decision;
import dev.sluice.analysis.HookOutcomes;
import dev.sluice.analysis.Observations;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.config.SluiceConfig;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.StatusWriter;
import dev.sluice.notify.EventRecorder;
import dev.sluice.observe.CanaryMetrics;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.MeshProviders;
import dev.sluice.router.Router;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One tick of one canary: load it from the informer cache, bootstrap what it needs, observe, decide
 * (pure), act (idempotent writes), then patch the status when it changed and record the events.
 * Actions run before the status write: a controller killed in between repeats the same idempotent
 * actions on its next tick and records the events once.
 */
@ApplicationScoped
public class CanaryTicker {
  private static final Logger LOG = Logger.getLogger(CanaryTicker.class);

  @Inject ClusterCache cache;
  @Inject SluiceConfig config;
  @Inject Clock clock;
  @Inject MeshProviders meshes;
  @Inject WorkloadReconciler workloads;
  @Inject CanaryFinalizer finalizer;
  @Inject StatusWriter statusWriter;
  @Inject EventRecorder events;
  @Inject CanaryMetrics controllerMetrics;
  @Inject MetricAnalyzer metrics;
  @Inject CanaryHooks hooks;
  @Inject ControlRequests requests;

  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Ticks the canary; returns at once if it is gone or if a tick of it is under way. */
  public void tick(String namespace, String name) {
    tick(namespace, name, false);
  }

  /**
   * Handles a person's pending request at once, taking no step; a tick under way (which would miss
   * the request) leaves it to the next scheduled tick.
   */
  public void handleRequest(String namespace, String name) {
    tick(namespace, name, true);
  }

  private void tick(String namespace, String name, boolean requestOnly) {
    ReentrantLock lock = locks.computeIfAbsent(namespace + "/" + name, k -> new ReentrantLock());
    if (!lock.tryLock()) {
      LOG.debugf("%s/%s tick skipped: the previous one is still running", namespace, name);
      return;
    }
    try {
      cache.canary(namespace, name).ifPresent(canary -> tick(canary, requestOnly));
    } finally {
      lock.unlock();
    }
  }

  /** Drops what the controller held for a canary that is gone. */
  public void forget(String namespace, String name) {
    locks.remove(namespace + "/" + name);
  }

  private void tick(Canary canary, boolean requestOnly) {
    long start = System.nanoTime();
    try {
      if (canary.isMarkedForDeletion()) {
        finalizer.handleDeletion(canary);
        return;
      }
      // before validation and suspend: a canary whose primary exists must never be deleted
      // without the target being restored, whatever else is wrong with it
      if (hasPrimary(canary)) {
        finalizer.ensure(canary);
      }
      List<String> problems = CanaryValidator.problems(canary, config, meshes);
      if (!problems.isEmpty()) {
        apply(
            canary,
            CanaryStateMachine.blocked(
                canary,
                "InvalidSpec",
                "Invalid canary: " + String.join("; ", problems),
                clock.instant()));
        return;
      }
      if (Boolean.TRUE.equals(canary.getSpec().getSuspend())) {
        return;
      }
      // a request recorded as handled by a tick killed before it removed the annotation
      requests.handledButPresent(canary).ifPresent(value -> requests.removeHandled(canary, value));
      advance(canary, requestOnly);
    } catch (MissingObjectException e) {
      apply(
          canary, CanaryStateMachine.blocked(canary, e.reason(), e.getMessage(), clock.instant()));
    } catch (KubernetesClientException e) {
      apply(
          canary,
          CanaryStateMachine.blocked(
              canary,
              "ApiError",
              "Kubernetes API call failed (" + e.getCode() + "): " + e.getMessage(),
              clock.instant()));
    } catch (RuntimeException e) {
      // anything else still becomes status, so a canary never stops advancing silently
      LOG.errorf(e, "%s tick failed", canary.key());
      try {
        apply(
            canary,
            CanaryStateMachine.blocked(
                canary, "InternalError", "Tick failed: " + e, clock.instant()));
      } catch (RuntimeException reportFailure) {
        LOG.errorf(reportFailure, "%s could not report the failure in status", canary.key());
      }
    } finally {
      controllerMetrics.tickDuration(canary, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private boolean hasPrimary(Canary canary) {
    var targetRef = canary.getSpec() == null ? null : canary.getSpec().getTargetRef();
    return targetRef != null
        && targetRef.getName() != null
        && cache
            .deployment(canary.getMetadata().getNamespace(), targetRef.getName() + "-primary")
            .isPresent();
  }

  private void advance(Canary canary, boolean requestOnly) {
    finalizer.ensure(canary);
    ControlRequest request = requests.pending(canary).orElse(null);
    if (requestOnly && request == null) {
      return;
    }
    if (initializing(canary) && !requestOnly) {
      List<String> unavailable = metrics.unavailableProviders(canary);
      if (!unavailable.isEmpty()) {
        apply(
            canary,
            CanaryStateMachine.blocked(
                canary,
                "MetricsProviderUnavailable",
                String.join("; ", unavailable),
                clock.instant()));
        return;
      }
    }
    String provider = CanaryValidator.provider(canary.getSpec(), config);
    MeshProvider mesh = meshes.find(provider).orElseThrow();
    Router router = mesh.router(provider);
    var target = workloads.bootstrap(canary, mesh.capabilities().ownsApexSelector());
    router.reconcile(canary);
    Observations seen = workloads.observe(canary, target).withRequest(request);
    Decision decision;
    if (requestOnly) {
      decision =
          CanaryStateMachine.decideRequest(
              canary, seen, clock.instant(), config.defaultProgressDeadline());
    } else {
      seen = withHooksAndChecks(canary, seen);
      decision =
          CanaryStateMachine.decide(
              canary, seen, clock.instant(), config.defaultProgressDeadline());
    }
    decision.actions().forEach(action -> act(canary, router, target, action));
    if (apply(canary, decision) && request != null) {
      requests.removeHandled(canary, request.value());
    }
  }

  /**
   * Calls the hooks the state machine will ask about in Flagger's order: rollback, confirm-rollout
   * and pre-rollout hooks, then the step's checks (metrics and rollout hooks), then the
   * confirm-traffic-increase and confirm-promotion gates, which are only asked when the checks
   * passed, since a failed step goes no further.
   */
  private Observations withHooksAndChecks(Canary canary, Observations seen) {
    Set<HookType> due = CanaryStateMachine.hooksDue(canary, seen, clock.instant());
    Set<HookType> gates = EnumSet.of(HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION);
    Set<HookType> first = EnumSet.noneOf(HookType.class);
    first.addAll(due);
    first.removeAll(gates);
    HookOutcomes outcomes = hooks.call(canary, first);
    if (CanaryStateMachine.checksDue(canary, seen, clock.instant())) {
      Checks rollout = hooks.rolloutChecks(canary);
      seen =
          seen.withChecks(
              metrics.run(canary).withFailures(rollout.failures(), rollout.mutedFailures()));
    }
    if (seen.checks().failed().isEmpty()
        && seen.checks().held().isEmpty()
        && outcomes.failed(HookType.PRE_ROLLOUT).isEmpty()) {
      Set<HookType> last = EnumSet.copyOf(gates);
      last.retainAll(due);
      for (var entry : hooks.call(canary, last).byType().entrySet()) {
        outcomes = outcomes.with(entry.getKey(), entry.getValue());
      }
    }
    return seen.withHooks(outcomes);
  }

  private void act(Canary canary, Router router, WorkloadReconciler.Target target, Action action) {
    if (action instanceof Action.SetRoutes set) {
      router.setRoutes(canary, set.routes());
    } else if (action instanceof Action.ScaleCanary scale) {
      workloads.scaleCanary(canary, scale.replicas());
    } else if (action instanceof Action.PromoteToPrimary) {
      workloads.promote(canary, target);
    } else if (action instanceof Action.CallPostRolloutHooks post) {
      hooks.postRollout(canary, post.phase());
    } else if (action instanceof Action.CloseRollbackGate) {
      requests.closeRollbackGate(canary);
    }
  }

  private static boolean initializing(Canary canary) {
    return canary.getStatus() == null
        || canary.getStatus().getPhase() == null
        || canary.getStatus().getPhase() == CanaryPhase.Initializing;
  }

  /**
   * Writes the status and, unless the decision turned out stale, records its events.
   *
   * @return false when the decision was stale and nothing was recorded
   */
  boolean apply(Canary canary, Decision decision) {
    CanaryPhase before = canary.getStatus() == null ? null : canary.getStatus().getPhase();
    StatusWriter.Outcome outcome = statusWriter.write(canary, decision.status());
    if (outcome == StatusWriter.Outcome.STALE) {
      return false;
    }
    decision.events().forEach(note -> events.record(canary, note));
    CanaryPhase after = decision.status().getPhase();
    controllerMetrics.phase(canary, after);
    Integer weight = decision.status().getCanaryWeight();
    controllerMetrics.weights(canary, weight == null ? 0 : weight);
    if (before != after && (after == CanaryPhase.Succeeded || after == CanaryPhase.Failed)) {
      controllerMetrics.outcome(canary, after == CanaryPhase.Succeeded);
    }
    return true;
  }
}

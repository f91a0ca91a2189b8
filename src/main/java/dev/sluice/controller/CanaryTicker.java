package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.config.SluiceConfig;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.observe.CanaryMetrics;
import dev.sluice.outbound.HttpClients;
import dev.sluice.router.MeshProviders;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One tick of one canary: load it from the informer cache, handle its deletion, keep its finalizer,
 * refuse it when invalid, and otherwise take its step ({@link CanaryStep}). Whatever goes wrong
 * becomes status. A decision's status is written before what it changes in production is carried
 * out ({@link CanaryStep}); a failure after that write is reported on the Canary as written, so the
 * report never puts back the status it replaced.
 */
@ApplicationScoped
public class CanaryTicker {
  private static final Logger LOG = Logger.getLogger(CanaryTicker.class);

  @Inject ClusterCache cache;
  @Inject SluiceConfig config;
  @Inject MeshProviders meshes;
  @Inject HttpClients http;
  @Inject CanaryFinalizer finalizer;
  @Inject ControlRequests requests;
  @Inject CanaryStep step;
  @Inject DecisionRecorder recorder;
  @Inject CanaryMetrics controllerMetrics;

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
      advance(canary, requestOnly);
    } catch (CanaryStep.NotCarriedOut e) {
      report(e.recorded(), e.getCause());
    } catch (RuntimeException e) {
      report(canary, e);
    } finally {
      controllerMetrics.tickDuration(canary, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Makes a failed tick status, on {@code canary} as it is stored now. */
  private void report(Canary canary, RuntimeException e) {
    if (e instanceof MissingObjectException missing) {
      recorder.blocked(canary, missing.reason(), missing.getMessage());
    } else if (e instanceof KubernetesClientException api) {
      recorder.blocked(
          canary,
          "ApiError",
          "Kubernetes API call failed (" + api.getCode() + "): " + api.getMessage());
    } else {
      // anything else still becomes status, so a canary never stops advancing silently
      LOG.errorf(e, "%s tick failed", canary.key());
      try {
        recorder.blocked(canary, "InternalError", "Tick failed: " + e);
      } catch (RuntimeException reportFailure) {
        LOG.errorf(reportFailure, "%s could not report the failure in status", canary.key());
      }
    }
  }

  private void advance(Canary canary, boolean requestOnly) {
    if (canary.isMarkedForDeletion()) {
      finalizer.handleDeletion(canary);
      return;
    }
    // before validation and suspend: a canary whose primary exists must never be deleted without
    // the target being restored, whatever else is wrong with it
    boolean finalizerEnsured = hasPrimary(canary);
    if (finalizerEnsured) {
      finalizer.ensure(canary);
    }
    List<String> problems = CanaryValidator.problems(canary, config, meshes, http.policy());
    if (!problems.isEmpty()) {
      recorder.blocked(canary, "InvalidSpec", "Invalid canary: " + String.join("; ", problems));
      return;
    }
    if (Boolean.TRUE.equals(canary.getSpec().getSuspend())) {
      return;
    }
    if (!finalizerEnsured) {
      // the step is about to create the primary: the finalizer comes first, and once per tick
      finalizer.ensure(canary);
    }
    // a request recorded as handled by a tick killed before it removed the annotation
    requests.handledButPresent(canary).ifPresent(value -> requests.removeHandled(canary, value));
    step.take(canary, requestOnly);
  }

  private boolean hasPrimary(Canary canary) {
    var targetRef = canary.getSpec() == null ? null : canary.getSpec().getTargetRef();
    return targetRef != null
        && targetRef.getName() != null
        && cache
            .deployment(canary.getMetadata().getNamespace(), targetRef.getName() + "-primary")
            .isPresent();
  }
}

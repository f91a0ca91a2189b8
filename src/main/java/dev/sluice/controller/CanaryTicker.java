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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * One tick of one canary: load it from the informer cache, handle its deletion, keep its finalizer,
 * refuse it when invalid, and otherwise take its step ({@link CanaryStep}). Whatever goes wrong
 * becomes status. A decision's status is written before what it changes in production is carried
 * out ({@link CanaryStep}); a failure after that write is reported on the Canary as written, so the
 * report never puts back the status it replaced.
 *
 * <p>A canary has one turn: one tick at a time. A scheduled tick that finds the previous one still
 * under way is skipped, not queued. A person's request takes the turn of a tick that still waits on
 * its calls ({@link TickCalls#preempt}): that tick decides nothing, and the request is handled at
 * once, whatever the calls are stuck on.
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
  @Inject TickThreads threads;

  private final Map<String, Turn> turns = new ConcurrentHashMap<>();

  /** A canary's turn: held by its tick under way, whose calls a request may cancel. */
  private static final class Turn {
    final ReentrantLock lock = new ReentrantLock();
    volatile TickCalls calls;
  }

  /** Ticks the canary; returns at once if it is gone or if a tick of it is under way. */
  public void tick(String namespace, String name) {
    Turn turn = turn(namespace, name);
    if (!turn.lock.tryLock()) {
      LOG.debugf("%s/%s tick skipped: the previous one is still running", namespace, name);
      return;
    }
    run(turn, namespace, name, false);
  }

  /**
   * Handles a person's pending request at once, taking no step. A tick under way that still waits
   * on its calls gives way (it decides nothing); one that acts on its answers already is waited
   * for, at most the tick deadline, after which the request is left to the next tick.
   */
  public void handleRequest(String namespace, String name) {
    Turn turn = turn(namespace, name);
    if (!takeTurn(turn)) {
      LOG.infof(
          "%s/%s request left to the next tick: the tick under way did not end within %s",
          namespace, name, threads.deadline());
      return;
    }
    run(turn, namespace, name, true);
  }

  private boolean takeTurn(Turn turn) {
    long until = System.nanoTime() + threads.deadline().plusSeconds(1).toNanos();
    try {
      while (!turn.lock.tryLock(50, TimeUnit.MILLISECONDS)) {
        // read each round: the tick holding the turn may have started its calls since
        TickCalls running = turn.calls;
        if (running != null) {
          running.preempt();
        }
        if (System.nanoTime() > until) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run(Turn turn, String namespace, String name, boolean requestOnly) {
    TickCalls calls = threads.start(!requestOnly);
    turn.calls = calls;
    try {
      cache.canary(namespace, name).ifPresent(canary -> tick(canary, requestOnly, calls));
    } finally {
      turn.calls = null;
      turn.lock.unlock();
      if (cache.canary(namespace, name).isEmpty()) {
        // a tick that fired after the Canary went, or raced its deletion, leaves no turn behind
        turns.remove(namespace + "/" + name, turn);
      }
    }
  }

  private Turn turn(String namespace, String name) {
    return turns.computeIfAbsent(namespace + "/" + name, k -> new Turn());
  }

  /** Drops what the controller held for a canary that is gone. */
  public void forget(String namespace, String name) {
    turns.remove(namespace + "/" + name);
  }

  /** Whether a turn is kept for {@code namespace/name}: for tests. */
  boolean holdsLock(String key) {
    return turns.containsKey(key);
  }

  private void tick(Canary canary, boolean requestOnly, TickCalls calls) {
    // the failure report and its log line belong to the canary too
    try (CanaryLogContext context = CanaryLogContext.of(canary)) {
      tickNamed(canary, requestOnly, calls);
    }
  }

  private void tickNamed(Canary canary, boolean requestOnly, TickCalls calls) {
    long start = System.nanoTime();
    try {
      advance(canary, requestOnly, calls);
    } catch (TickCalls.Preempted e) {
      LOG.debugf("%s tick gave way to a request: its calls were cancelled", canary.key());
    } catch (CanaryStep.NotCarriedOut e) {
      report(e.recorded(), e.getCause());
    } catch (RuntimeException e) {
      report(canary, e);
    } finally {
      // Flagger's duration is of analysis; a deletion tick's timer could outlive the Canary, as
      // the informer may report it gone (and its series removed) before this line runs
      if (!canary.isMarkedForDeletion()) {
        controllerMetrics.tickDuration(canary, Duration.ofNanos(System.nanoTime() - start));
      }
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

  private void advance(Canary canary, boolean requestOnly, TickCalls calls) {
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
    List<String> problems =
        new ArrayList<>(CanaryValidator.problems(canary, config, meshes, http.policy()));
    problems.addAll(CanaryValidator.judgeTemplateProblems(canary, cache::metricTemplate));
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
    // a request handled in this run already: written again, or left by a tick killed before it
    // removed the annotation
    requests.removeHandledInThisRun(canary);
    step.take(canary, requestOnly, calls);
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

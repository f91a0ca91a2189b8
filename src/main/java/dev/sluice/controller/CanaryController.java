package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.MetricProviderFactory;
import dev.sluice.notify.AlertDispatcher;
import dev.sluice.observe.CanaryMetrics;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts the informers and keeps one tick schedule per Canary in step with the cluster: added when
 * a Canary appears, rescheduled when its interval changes, removed when it is gone, together with
 * everything kept in memory under its name (locks, pacing, metric series, alert memory, metric
 * providers' breakers).
 */
@ApplicationScoped
public class CanaryController implements ResourceEventHandler<Canary> {
  private static final Logger LOG = Logger.getLogger(CanaryController.class);

  @Inject ClusterCache cache;
  @Inject TickScheduler scheduler;
  @Inject CanaryTicker ticker;
  @Inject SluiceConfig config;
  @Inject CanaryMetrics metrics;
  @Inject AlertDispatcher alerts;
  @Inject ControlRequests requests;
  @Inject MetricProviderFactory metricProviders;

  private volatile boolean started;

  /** Starts watching; idempotent. */
  public synchronized void start() {
    if (started) {
      return;
    }
    cache.start(this);
    started = true;
    LOG.infof("watching canaries in %s", config.namespace().orElse("all namespaces"));
  }

  /**
   * Drops every informer and starts afresh, as a restarted process would; state that matters lives
   * in {@code Canary.status}, so nothing is lost.
   */
  public synchronized void restart() {
    cache.stop();
    started = false;
    start();
  }

  @Override
  public void onAdd(Canary canary) {
    schedule(canary);
    if (requests.pending(canary).isPresent()) {
      // a request written while no controller watched (a restart, an upgrade): mid-run, the first
      // scheduled tick waits out the rest of the interval, and a person is waiting for an answer
      scheduler.handleRequestNow(canary);
    }
    countCanaries(canary.getMetadata().getNamespace());
  }

  @Override
  public void onUpdate(Canary before, Canary canary) {
    schedule(canary);
    String request = annotation(canary, ControlAnnotations.REQUEST);
    if (request != null && !request.equals(annotation(before, ControlAnnotations.REQUEST))) {
      // a person is waiting for an answer: handle it now rather than at the next interval
      scheduler.handleRequestNow(canary);
    }
  }

  private static String annotation(Canary canary, String key) {
    var annotations = canary.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  @Override
  public void onDelete(Canary canary, boolean finalStateUnknown) {
    String namespace = canary.getMetadata().getNamespace();
    String name = canary.getMetadata().getName();
    scheduler.unschedule(namespace, name);
    ticker.forget(namespace, name);
    metrics.forget(canary);
    alerts.forget(canary);
    metricProviders.forget(canary.key());
    countCanaries(namespace);
    LOG.infof("%s is gone; its ticks are removed", canary.key());
  }

  private void countCanaries(String namespace) {
    metrics.total(
        namespace,
        (int)
            cache.canaries().stream()
                .filter(c -> namespace.equals(c.getMetadata().getNamespace()))
                .count());
  }

  private void schedule(Canary canary) {
    try {
      scheduler.schedule(canary, SpecDefaults.interval(canary.getSpec().getAnalysis(), config));
    } catch (RuntimeException e) {
      // an unreadable interval: tick at the default one, and the tick reports the invalid spec
      scheduler.schedule(canary, config.defaultInterval());
    }
  }
}

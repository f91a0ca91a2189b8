package dev.sluice.notify;

import dev.sluice.analysis.EventNote;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.kube.ClusterCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Sends the notes a rollout marks for chat ({@link EventNote#alert()} set) to the canary's alerts,
 * or to the default notifier (see {@link AlertTargets}).
 *
 * <p>Contract: {@link #send} never blocks on the network and never throws. Posts run on a {@link
 * PerCanaryExecutor}: in order per canary, each canary apart from the others; when {@code
 * sluice.notify.queue-capacity} sends of a canary wait, its oldest waiting one is dropped (counted,
 * logged once), never another canary's. A send that fails is one warning line naming the canary and
 * the alert, and a Warning Event {@value #ALERT_FAILED} on the Canary when its reason differs from
 * that alert's previous failure (so a broken provider makes one Event, not one per message).
 * Neither holds a token or an unmasked address.
 */
@ApplicationScoped
public class AlertDispatcher {
  private static final Logger LOG = Logger.getLogger(AlertDispatcher.class);
  public static final String ALERT_FAILED = "AlertFailed";
  static final String CLUSTER_FIELD = "Cluster";

  private final NotifyConfig config;
  private final MessageTemplate template;
  private final AlertTargets targets;
  private final CanaryEvents events;
  private final PerCanaryExecutor queue;
  private final MeterRegistry registry;
  private final NotificationTransport transport;
  // canary key + alert -> reason of its last failure; written by that canary's serial tasks only
  private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

  @Inject
  public AlertDispatcher(
      NotifyConfig config,
      ClusterCache cache,
      NotificationTransport transport,
      CanaryEvents events,
      MeterRegistry registry) {
    this.config = config;
    this.template = new MessageTemplate(config.template());
    this.targets =
        new AlertTargets(cache, new NotifierFactory(transport), config.defaultNotifier());
    this.events = events;
    this.registry = registry;
    this.transport = transport;
    this.queue =
        new PerCanaryExecutor(
            "notify",
            config.queueCapacity(),
            NotificationDrops.counter(registry, NotificationDrops.CHAT));
  }

  void logDefaultNotifier(@Observes StartupEvent started) {
    if (targets.defaultValid()) {
      LOG.info(targets.describeDefault());
    } else {
      LOG.warn(targets.describeDefault());
    }
  }

  /** Queues the note for the canary's alerts; returns at once. A note without alert is ignored. */
  public void send(Canary canary, EventNote note) {
    if (note.alert() == null) {
      return;
    }
    // rendered now: phase and weight as they were when it happened, not when the post runs
    Notification notification = notification(canary, note);
    if (!queue.submit(canary.key(), () -> deliver(canary, notification))) {
      LOG.warnf("%s %s not sent to chat: shutting down", canary.key(), note.reason());
    }
  }

  Notification notification(Canary canary, EventNote note) {
    List<Notification.Field> fields = new ArrayList<>();
    config.clusterName().ifPresent(c -> fields.add(new Notification.Field(CLUSTER_FIELD, c)));
    note.details().forEach((name, value) -> fields.add(new Notification.Field(name, value)));
    CanaryStatus status = canary.getStatus();
    String phase =
        status == null || status.getPhase() == null ? null : status.getPhase().toString();
    return new Notification(
        canary.getMetadata().getName(),
        canary.getMetadata().getNamespace(),
        phase,
        template.render(placeholders(canary, note, phase)),
        note.alert(),
        fields);
  }

  private Map<String, String> placeholders(Canary canary, EventNote note, String phase) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("message", note.message());
    values.put("reason", note.reason());
    values.put("name", canary.getMetadata().getName());
    values.put("namespace", canary.getMetadata().getNamespace());
    var spec = canary.getSpec();
    values.put(
        "target", spec == null || spec.getTargetRef() == null ? "" : spec.getTargetRef().getName());
    values.put("phase", phase);
    Integer weight = canary.getStatus() == null ? null : canary.getStatus().getCanaryWeight();
    values.put("weight", String.valueOf(weight == null ? 0 : weight));
    values.put("cluster", config.clusterName().orElse(""));
    return values;
  }

  /**
   * Drops what is remembered of a deleted canary's failed alerts, after the posts still queued for
   * it: a canary created again under the same name then hears of a failure as news. Its counts of
   * dropped notifications go with it, and idle proxy clients too, as the canary's alerts may have
   * been the last to use them.
   */
  public void forget(Canary canary) {
    NotificationDrops.forget(
        registry, canary.getMetadata().getNamespace(), canary.getMetadata().getName());
    String prefix = canary.key() + "#";
    Runnable drop =
        () -> {
          lastFailure.keySet().removeIf(key -> key.startsWith(prefix));
          transport.dropIdleProxies();
        };
    if (!queue.submit(canary.key(), drop)) {
      drop.run();
    }
  }

  private void deliver(Canary canary, Notification notification) {
    for (AlertTargets.Target target : targets.resolve(canary, notification.severity())) {
      NotifyResult result = target.notifier().post(notification);
      String key = canary.key() + "#" + target.alert();
      if (result instanceof NotifyResult.Failed failed) {
        reportFailure(canary, target.alert(), key, failed.reason());
      } else {
        lastFailure.remove(key);
      }
    }
  }

  private void reportFailure(Canary canary, String alert, String key, String reason) {
    LOG.warnf("%s alert %s not sent: %s", canary.key(), alert, reason);
    if (!reason.equals(lastFailure.put(key, reason))) {
      events.write(canary, true, ALERT_FAILED, "alert " + alert + " not sent: " + reason);
    }
  }

  @PreDestroy
  void close() {
    queue.close(config.shutdownGrace());
  }
}

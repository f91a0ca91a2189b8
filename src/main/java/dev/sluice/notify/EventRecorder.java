package dev.sluice.notify;

import dev.sluice.analysis.EventNote;
import dev.sluice.api.v1beta1.Canary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The one place a rollout tells people what happened: a log line naming {@code namespace/name}, a
 * Kubernetes Event on the Canary, then (without waiting for either) the chat alerts and the event
 * webhooks.
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  @Inject CanaryEvents events;
  @Inject AlertDispatcher alerts;
  @Inject EventHooks hooks;

  public void record(Canary canary, EventNote note) {
    if (note.warning()) {
      LOG.warnf("%s %s: %s", canary.key(), note.reason(), note.message());
    } else {
      LOG.infof("%s %s: %s", canary.key(), note.reason(), note.message());
    }
    events.write(canary, note.warning(), note.reason(), note.message());
    // chat and webhooks are channels of their own: a failed Event write must not silence them
    alerts.send(canary, note);
    hooks.send(canary, note);
  }
}

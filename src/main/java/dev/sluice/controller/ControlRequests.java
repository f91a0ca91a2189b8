package dev.sluice.controller;

import dev.sluice.analysis.ControlRequest;
import dev.sluice.analysis.EventNote;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.api.v1beta1.ControlStatus;
import dev.sluice.notify.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The annotations through which people act on a run: the pending {@code sluice.dev/request} and
 * Sluice's rollback gate. A request is handled once per run: the tick records its value in {@code
 * status.control.lastRequest} and the run's revision in {@code lastRequestRun}, and only then is
 * the annotation removed, guarded by its value so a newer request written in between survives. A
 * controller killed between the two finds the value already recorded for this run and only removes
 * it; the same value written in a later run is a new request.
 */
@ApplicationScoped
public class ControlRequests {
  private static final Logger LOG = Logger.getLogger(ControlRequests.class);

  @Inject KubernetesClient client;
  @Inject EventRecorder events;

  /** The request written on the canary and not handled in its current run yet. */
  public Optional<ControlRequest> pending(Canary canary) {
    String value = annotation(canary, ControlAnnotations.REQUEST);
    if (value == null || handledInThisRun(canary, value.strip())) {
      return Optional.empty();
    }
    return ControlRequest.parse(value);
  }

  /** Removes the request annotation if it still holds a value the status says was handled. */
  public void removeHandled(Canary canary, String handled) {
    String value = annotation(canary, ControlAnnotations.REQUEST);
    if (value != null && value.strip().equals(handled)) {
      removeIfUnchanged(canary, ControlAnnotations.REQUEST, value);
    }
  }

  /**
   * Removes a request the status says was handled in this run already (written again, or left by a
   * tick killed before it removed it), and says so in an event rather than dropping it silently.
   */
  public void removeHandledInThisRun(Canary canary) {
    String value = annotation(canary, ControlAnnotations.REQUEST);
    if (value == null || !handledInThisRun(canary, value.strip())) {
      return;
    }
    if (removeIfUnchanged(canary, ControlAnnotations.REQUEST, value)) {
      ControlStatus control = canary.getStatus().getControl();
      events.record(
          canary,
          EventNote.normal(
              "RequestAlreadyHandled",
              "Request "
                  + value.strip()
                  + " was already handled in this run at "
                  + control.getLastRequestTime()
                  + " ("
                  + control.getLastRequestOutcome()
                  + ", see status.control); to ask again in this run, write it with a new id: "
                  + value.strip().split("/", 2)[0]
                  + "/<id>"));
    }
  }

  /** Closes Sluice's rollback gate of the canary, if open. */
  public void closeRollbackGate(Canary canary) {
    String value = annotation(canary, ControlAnnotations.ROLLBACK_GATE);
    if (value != null) {
      removeIfUnchanged(canary, ControlAnnotations.ROLLBACK_GATE, value);
      LOG.infof("%s rollback gate closed after the rollback it asked for", canary.key());
    }
  }

  /**
   * A JSON patch that tests the value before removing it: the API server applies both or neither,
   * so a value someone wrote since the canary was read is never lost.
   */
  private boolean removeIfUnchanged(Canary canary, String key, String value) {
    String path = "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
    String patch =
        "[{\"op\":\"test\",\"path\":\""
            + path
            + "\",\"value\":"
            + quote(value)
            + "},{\"op\":\"remove\",\"path\":\""
            + path
            + "\"}]";
    try {
      client
          .resources(Canary.class)
          .inNamespace(canary.getMetadata().getNamespace())
          .withName(canary.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), patch);
      return true;
    } catch (KubernetesClientException e) {
      // a failed test (the value changed) or a gone canary: the next tick sees what is there now
      LOG.debugf("%s annotation %s not removed: %s", canary.key(), key, e.getMessage());
      return false;
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String annotation(Canary canary, String key) {
    Map<String, String> annotations = canary.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /**
   * Whether the status records {@code value} as the last request, handled in the run the canary is
   * in now (the same revision, and no run started since, which clears {@code lastRequestRun}).
   */
  private static boolean handledInThisRun(Canary canary, String value) {
    if (canary.getStatus() == null || canary.getStatus().getControl() == null) {
      return false;
    }
    ControlStatus control = canary.getStatus().getControl();
    return value.equals(control.getLastRequest())
        && control.getLastRequestRun() != null
        && control.getLastRequestRun().equals(canary.getStatus().getLastAppliedSpec());
  }
}

package dev.sluice.controller;

import dev.sluice.analysis.ControlRequest;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
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
 * Sluice's rollback gate. A request is handled once: the tick records its value in {@code
 * status.control.lastRequest}, and only then is the annotation removed, guarded by its value so a
 * newer request written in between survives. A controller killed between the two finds the value
 * already recorded and only removes it.
 */
@ApplicationScoped
public class ControlRequests {
  private static final Logger LOG = Logger.getLogger(ControlRequests.class);

  @Inject KubernetesClient client;

  /** The request written on the canary and not handled yet. */
  public Optional<ControlRequest> pending(Canary canary) {
    String value = annotation(canary, ControlAnnotations.REQUEST);
    if (value == null || value.strip().equals(lastHandled(canary))) {
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

  /** Whether the canary carries a request the status says was handled (left by a crash). */
  public Optional<String> handledButPresent(Canary canary) {
    String value = annotation(canary, ControlAnnotations.REQUEST);
    return value != null && value.strip().equals(lastHandled(canary))
        ? Optional.of(value.strip())
        : Optional.empty();
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
  private void removeIfUnchanged(Canary canary, String key, String value) {
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
    } catch (KubernetesClientException e) {
      // a failed test (the value changed) or a gone canary: the next tick sees what is there now
      LOG.debugf("%s annotation %s not removed: %s", canary.key(), key, e.getMessage());
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String annotation(Canary canary, String key) {
    Map<String, String> annotations = canary.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static String lastHandled(Canary canary) {
    return canary.getStatus() == null || canary.getStatus().getControl() == null
        ? null
        : canary.getStatus().getControl().getLastRequest();
  }
}

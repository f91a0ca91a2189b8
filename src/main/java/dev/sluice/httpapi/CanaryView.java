package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.ControlAnnotations;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/** What the control API shows of a Canary: pure functions of the stored object. */
final class CanaryView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CanaryView() {}

  /**
   * One canary: its status exactly as stored (every field, including ones this build does not
   * know), whether its gates are open, and the control request still waiting for the controller.
   */
  static ObjectNode detail(GenericKubernetesResource canary) {
    ObjectNode view = identity(canary);
    view.set("status", status(canary));
    Map<String, String> annotations = canary.getMetadata().getAnnotations();
    view.put("gate", isOpen(annotations, ControlAnnotations.GATE));
    view.put("rollbackGate", isOpen(annotations, ControlAnnotations.ROLLBACK_GATE));
    if (annotations != null && annotations.get(ControlAnnotations.REQUEST) != null) {
      view.put("request", annotations.get(ControlAnnotations.REQUEST));
    }
    return view;
  }

  /** A line per canary: namespace, name, phase and canary weight (null before the first status). */
  static ArrayNode summaries(List<Canary> canaries) {
    ArrayNode list = JSON.createArrayNode();
    for (Canary canary : canaries) {
      ObjectNode line = identity(canary);
      CanaryStatus status = canary.getStatus();
      CanaryPhase phase = status == null ? null : status.getPhase();
      line.put("phase", phase == null ? null : phase.name());
      line.put("canaryWeight", status == null ? null : status.getCanaryWeight());
      list.add(line);
    }
    return list;
  }

  private static ObjectNode identity(HasMetadata canary) {
    ObjectNode view = JSON.createObjectNode();
    view.put("namespace", canary.getMetadata().getNamespace());
    view.put("name", canary.getMetadata().getName());
    return view;
  }

  private static JsonNode status(GenericKubernetesResource canary) {
    Object status = canary.getAdditionalProperties().get("status");
    return status == null ? JSON.createObjectNode() : JSON.valueToTree(status);
  }

  private static boolean isOpen(Map<String, String> annotations, String key) {
    return annotations != null && ControlAnnotations.OPEN.equals(annotations.get(key));
  }
}

package dev.sluice.kube;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Compares and merges a desired object with the live one, as JSON trees.
 *
 * <p>"Unchanged" means the live object contains every field of the desired one: the API server adds
 * defaults (a Deployment's strategy, a container's terminationMessagePath) that the desired object
 * never states, and comparing for equality would write on every tick.
 */
final class DesiredState {
  private DesiredState() {}

  /** Whether live states every field of desired with the same value. */
  static boolean isContainedIn(JsonNode desired, JsonNode live) {
    if (desired == null || desired.isNull()) {
      return true;
    }
    if (live == null || live.isNull() || live.isMissingNode()) {
      return false;
    }
    if (desired.isObject()) {
      if (!live.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : desired.properties()) {
        if (!isContainedIn(field.getValue(), live.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!live.isArray() || live.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!isContainedIn(desired.get(i), live.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isNumber() && live.isNumber()) {
      return desired.decimalValue().compareTo(live.decimalValue()) == 0;
    }
    return desired.equals(live);
  }

  /**
   * Whether desired and live hold equal values at every one of {@code pointers}, an absent field
   * being equal only to an absent one.
   */
  static boolean isEqualAt(JsonNode desired, JsonNode live, List<String> pointers) {
    for (String pointer : pointers) {
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode wanted = desired.at(at);
      JsonNode actual = live.at(at);
      boolean wantedAbsent = wanted.isMissingNode() || wanted.isNull();
      boolean actualAbsent = actual.isMissingNode() || actual.isNull();
      if (wantedAbsent != actualAbsent || (!wantedAbsent && !wanted.equals(actual))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The object to write: desired's content, live's identity (resourceVersion, uid, finalizers),
   * labels and annotations of both (desired wins, others' keys stay), and the fields at the {@code
   * preserve} pointers kept from live (fields the API server or another controller owns).
   */
  static ObjectNode merge(ObjectNode desired, ObjectNode live, List<String> preserve) {
    ObjectNode result = desired.deepCopy();
    ObjectNode metadata = ((ObjectNode) live.get("metadata")).deepCopy();
    ObjectNode desiredMetadata = (ObjectNode) desired.get("metadata");
    for (String map : List.of("labels", "annotations")) {
      if (desiredMetadata.has(map)) {
        ObjectNode merged =
            metadata.has(map) ? (ObjectNode) metadata.get(map) : metadata.putObject(map);
        merged.setAll((ObjectNode) desiredMetadata.get(map));
      }
    }
    if (desiredMetadata.has("ownerReferences")) {
      metadata.set("ownerReferences", desiredMetadata.get("ownerReferences"));
    }
    metadata.remove("managedFields");
    result.set("metadata", metadata);
    if (live.has("status")) {
      result.set("status", live.get("status"));
    }
    for (String pointer : preserve) {
      copy(live, result, JsonPointer.compile(pointer));
    }
    return result;
  }

  private static void copy(ObjectNode from, ObjectNode to, JsonPointer pointer) {
    JsonNode value = from.at(pointer);
    if (value.isMissingNode()) {
      return;
    }
    JsonNode parent = to.at(pointer.head());
    if (parent instanceof ObjectNode parentObject) {
      parentObject.set(pointer.last().getMatchingProperty(), value);
    }
  }
}

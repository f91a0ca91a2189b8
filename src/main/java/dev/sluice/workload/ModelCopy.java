package dev.sluice.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Deep copies and canonical JSON of fabric8 model objects. The model classes come from informer
 * caches that other threads read, so every function here works on a copy and never mutates its
 * input; a JSON round trip is the only copy that also covers {@code additionalProperties}.
 */
final class ModelCopy {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ModelCopy() {}

  static <T> T of(T value, Class<T> type) {
    if (value == null) {
      return null;
    }
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(value), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + type.getSimpleName(), e);
    }
  }

  /**
   * JSON with object keys sorted at every level, so that two equal objects give the same text
   * whatever the order their maps were filled in.
   */
  static String canonicalJson(Object value) {
    try {
      return MAPPER.writeValueAsString(sorted(MAPPER.valueToTree(value)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = MAPPER.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      names.forEach(name -> out.set(name, sorted(node.get(name))));
      return out;
    }
    if (node.isArray()) {
      var out = MAPPER.createArrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }
}

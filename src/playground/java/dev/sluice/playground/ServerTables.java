package dev.sluice.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables ({@code meta.k8s.io/v1 Table}) an API server answers kubectl's {@code get} with, for
 * the in-memory API, whose mock server answers with the object or list alone (kubectl then shows
 * NAME and AGE only). A custom resource gets its CRD's printer columns (Flagger's for Canaries), an
 * Event the columns of kube-apiserver's, a Deployment its READY / UP-TO-DATE / AVAILABLE, any other
 * kind NAME and AGE. Pure: the caller passes the objects, the CRDs and the time.
 */
final class ServerTables {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Column(String name, String type, int priority, String jsonPath) {}

  /** Where a {@code get} points: {@code namespace} null across namespaces or for cluster kinds. */
  record Target(String group, String version, String plural) {}

  private ServerTables() {}

  /**
   * The resource a GET of {@code path} (without its query) reads, for a list or a single object;
   * empty for discovery, subresources and anything else.
   */
  static Optional<Target> target(String path) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    int rest;
    String group;
    String version;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      version = parts[1];
      rest = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      version = parts[2];
      rest = 3;
    } else {
      return Optional.empty();
    }
    int left = parts.length - rest;
    if (parts[rest].equals("namespaces") && left >= 3) {
      return left <= 4
          ? Optional.of(new Target(group, version, parts[rest + 2]))
          : Optional.empty();
    }
    return left <= 2 ? Optional.of(new Target(group, version, parts[rest])) : Optional.empty();
  }

  /**
   * The table of {@code body} (a list or one object of {@code target}).
   *
   * @param fullObjects whether each row carries the object ({@code includeObject=Object}) rather
   *     than its metadata
   */
  static String table(
      Target target,
      String body,
      List<CustomResourceDefinition> crds,
      boolean fullObjects,
      Instant now) {
    JsonNode parsed;
    try {
      parsed = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
    List<JsonNode> items = new ArrayList<>();
    if (parsed.has("items")) {
      parsed.get("items").forEach(items::add);
      // in the order of etcd's keys, as an API server lists
      items.sort(
          java.util.Comparator.comparing(
                  (JsonNode i) -> i.path("metadata").path("namespace").asText(""))
              .thenComparing(i -> i.path("metadata").path("name").asText("")));
    } else {
      items.add(parsed);
    }
    List<Column> columns = columns(target, crds);
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.set("metadata", parsed.path("metadata").deepCopy());
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type());
      definition.put("format", column.name().equals("Name") ? "name" : "");
      definition.put("description", "");
      definition.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(cell(item, column, now));
      }
      if (fullObjects) {
        row.set("object", item);
      } else {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata").deepCopy());
      }
    }
    return table.toString();
  }

  private static List<Column> columns(Target target, List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      if (!crd.getSpec().getGroup().equals(target.group())
          || !crd.getSpec().getNames().getPlural().equals(target.plural())) {
        continue;
      }
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (!version.getName().equals(target.version())) {
          continue;
        }
        List<CustomResourceColumnDefinition> printer = version.getAdditionalPrinterColumns();
        if (printer == null || printer.isEmpty()) {
          return nameAndAge();
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", 0, ".metadata.name"));
        for (CustomResourceColumnDefinition c : printer) {
          columns.add(
              new Column(
                  c.getName(),
                  c.getType(),
                  c.getPriority() == null ? 0 : c.getPriority(),
                  c.getJsonPath()));
        }
        return columns;
      }
    }
    if (target.group().isEmpty() && target.plural().equals("events")) {
      return List.of(
          new Column("Last Seen", "string", 0, "@lastSeen"),
          new Column("Type", "string", 0, ".type"),
          new Column("Reason", "string", 0, ".reason"),
          new Column("Object", "string", 0, "@object"),
          new Column("Message", "string", 0, ".message"));
    }
    if (target.group().equals("apps") && target.plural().equals("deployments")) {
      return List.of(
          new Column("Name", "string", 0, ".metadata.name"),
          new Column("Ready", "string", 0, "@ready"),
          new Column("Up-to-date", "integer", 0, ".status.updatedReplicas"),
          new Column("Available", "integer", 0, ".status.availableReplicas"),
          new Column("Age", "string", 0, "@age"));
    }
    return nameAndAge();
  }

  private static List<Column> nameAndAge() {
    return List.of(
        new Column("Name", "string", 0, ".metadata.name"), new Column("Age", "string", 0, "@age"));
  }

  private static JsonNode cell(JsonNode item, Column column, Instant now) {
    var nodes = JSON.getNodeFactory();
    switch (column.jsonPath()) {
      case "@age" -> {
        return nodes.textNode(age(item.path("metadata").path("creationTimestamp").asText(""), now));
      }
      case "@lastSeen" -> {
        String last = item.path("lastTimestamp").asText("");
        if (last.isEmpty()) {
          last = item.path("eventTime").asText("");
        }
        if (last.isEmpty()) {
          last = item.path("metadata").path("creationTimestamp").asText("");
        }
        return nodes.textNode(age(last, now));
      }
      case "@object" -> {
        JsonNode involved = item.path("involvedObject");
        return nodes.textNode(
            involved.path("kind").asText("").toLowerCase() + "/" + involved.path("name").asText());
      }
      case "@ready" -> {
        return nodes.textNode(
            item.path("status").path("readyReplicas").asInt(0)
                + "/"
                + item.path("spec").path("replicas").asInt(1));
      }
      default -> {
        JsonNode value = item;
        for (String step : column.jsonPath().replaceFirst("^\\.", "").split("\\.")) {
          value = value.path(step);
        }
        if (value.isMissingNode() || value.isNull()) {
          return nodes.nullNode();
        }
        return value.isValueNode() ? value : nodes.textNode(value.toString());
      }
    }
  }

  /** As kubectl and the API server print an age: {@code 5s}, {@code 3m2s}, {@code 4h}, ... */
  static String age(String timestamp, Instant now) {
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    long s = Math.max(0, Duration.between(then, now).getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    return h / 24 + "d";
  }
}

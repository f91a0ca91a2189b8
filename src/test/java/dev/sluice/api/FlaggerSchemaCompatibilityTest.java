package dev.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every manifest Flagger 1.44 accepts must be accepted by Sluice's CRDs, and kubectl must show the
 * same thing for both. Walks Flagger's published schema and looks up every property path in the CRD
 * generated from our model ({@code target/crds}).
 */
class FlaggerSchemaCompatibilityTest {

  static final Path FLAGGER_SCHEMA = Path.of("../shared/schemas/flagger-v1.44.0-crd.yaml");
  static final Path GENERATED = Path.of("target", "crds");

  /**
   * Flagger declares these {@code number}, but its Go fields are {@code int}, so Flagger itself
   * cannot decode a fraction there; our {@code integer} refuses nothing Flagger can use. Listed one
   * by one so that a new number field gets a look rather than a pass.
   */
  static final Set<String> NUMBER_AS_INTEGER =
      Set.of(
          "Canary .spec.progressDeadlineSeconds",
          "Canary .spec.service.port",
          "Canary .spec.analysis.iterations",
          "Canary .spec.analysis.threshold",
          "Canary .spec.analysis.maxWeight",
          "Canary .spec.analysis.stepWeight",
          "Canary .spec.analysis.stepWeights[]",
          "Canary .spec.analysis.stepWeightPromotion",
          "Canary .spec.analysis.mirrorWeight",
          "Canary .spec.analysis.primaryReadyThreshold",
          "Canary .spec.analysis.canaryReadyThreshold",
          "Canary .spec.analysis.webhooks[].retries",
          "Canary .spec.analysis.sessionAffinity.maxAge",
          "Canary .status.failedChecks",
          "Canary .status.canaryWeight",
          "Canary .status.iterations");

  /**
   * Flagger puts {@code required: [backendRef]} on the {@code mirror} array instead of its items,
   * where the API server ignores it; its intent (and the Gateway API's rule for a mirror filter) is
   * that every item has a backendRef, so we read it as the items' required list.
   */
  static final Set<String> ARRAY_REQUIRED_MEANS_ITEMS = Set.of("Canary .spec.service.mirror");

  /** Supplied by the API server for every object; the CRD generator leaves them out. */
  static final Set<String> BUILT_IN_ROOT_PROPERTIES = Set.of("apiVersion", "kind", "metadata");

  /** Keywords that make a schema stricter; ours may only carry them with Flagger's exact value. */
  static final List<String> RESTRICTING_KEYWORDS =
      List.of(
          "pattern",
          "format",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties",
          "oneOf",
          "allOf",
          "not",
          "x-kubernetes-validations");

  static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
  static Map<String, JsonNode> flagger;

  @BeforeAll
  static void loadFlagger() throws IOException {
    assertTrue(
        Files.isRegularFile(FLAGGER_SCHEMA),
        FLAGGER_SCHEMA.toAbsolutePath() + " is missing: ../shared/ must sit beside the project");
    flagger = new HashMap<>();
    for (JsonNode crd :
        YAML.readValues(YAML.createParser(FLAGGER_SCHEMA.toFile()), JsonNode.class).readAll()) {
      flagger.put(crd.at("/spec/names/kind").asText(), crd);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Canary", "MetricTemplate", "AlertProvider"})
  void everyFlaggerPropertyExistsWithACompatibleSchema(String kind) throws IOException {
    // given
    JsonNode theirs = version(flagger.get(kind)).at("/schema/openAPIV3Schema");
    JsonNode ours = version(ours(kind)).at("/schema/openAPIV3Schema");

    // when
    List<String> problems = new ArrayList<>();
    theirs
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              if (!BUILT_IN_ROOT_PROPERTIES.contains(p.getKey())) {
                compare(
                    kind,
                    "." + p.getKey(),
                    p.getValue(),
                    ours.at("/properties/" + p.getKey()),
                    Set.of(),
                    problems);
              }
            });

    // then
    assertTrue(
        problems.isEmpty(),
        () ->
            kind + " is not compatible with Flagger's schema:\n  " + String.join("\n  ", problems));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Canary", "MetricTemplate", "AlertProvider"})
  void namesScopeAndSubresourcesAreFlaggers(String kind) throws IOException {
    JsonNode theirs = flagger.get(kind);
    JsonNode ours = ours(kind);

    assertEquals(text(theirs, "/metadata/name"), text(ours, "/metadata/name"));
    assertEquals(text(theirs, "/spec/group"), text(ours, "/spec/group"));
    assertEquals(text(theirs, "/spec/scope"), text(ours, "/spec/scope"));
    for (String name : List.of("kind", "plural", "singular")) {
      assertEquals(
          text(theirs, "/spec/names/" + name), text(ours, "/spec/names/" + name), "names." + name);
    }
    assertEquals(listKind(theirs), listKind(ours), "names.listKind (defaulted to <kind>List)");
    assertEquals(
        strings(theirs.at("/spec/names/categories")),
        strings(ours.at("/spec/names/categories")),
        "names.categories");
    assertEquals(
        strings(theirs.at("/spec/names/shortNames")),
        strings(ours.at("/spec/names/shortNames")),
        "names.shortNames");

    assertEquals(1, ours.at("/spec/versions").size(), "one served version");
    JsonNode version = version(ours);
    assertEquals("v1beta1", text(version, "/name"));
    assertTrue(version.path("served").asBoolean() && version.path("storage").asBoolean());
    assertTrue(
        version.at("/subresources/status").isObject(),
        "status subresource, so that status writes do not bump the generation");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Canary", "MetricTemplate", "AlertProvider"})
  void printerColumnsAreFlaggers(String kind) throws IOException {
    assertEquals(
        new TreeSet<>(columns(version(flagger.get(kind)))),
        new TreeSet<>(columns(version(ours(kind)))),
        "additionalPrinterColumns as name|jsonPath|type|priority");
  }

  @Disabled(
      "fabric8's CRD generator sorts printer columns by jsonPath and has no way to order them"
          + " (fabric8io/kubernetes-client#7454): `kubectl get canaries` shows"
          + " WEIGHT LASTTRANSITIONTIME STATUS where Flagger shows STATUS WEIGHT LASTTRANSITIONTIME")
  @ParameterizedTest
  @ValueSource(strings = {"Canary", "MetricTemplate", "AlertProvider"})
  void printerColumnsAreInFlaggersOrder(String kind) throws IOException {
    assertEquals(columns(version(flagger.get(kind))), columns(version(ours(kind))));
  }

  private static void compare(
      String kind,
      String path,
      JsonNode theirs,
      JsonNode ours,
      Set<String> extraRequired,
      List<String> problems) {
    String at = kind + " " + path;
    if (ours.isMissingNode()) {
      problems.add(path + ": missing");
      return;
    }
    boolean intOrString = theirs.path("x-kubernetes-int-or-string").asBoolean();
    if (intOrString != ours.path("x-kubernetes-int-or-string").asBoolean()) {
      problems.add(path + ": x-kubernetes-int-or-string must be " + intOrString);
    }
    if (theirs.path("x-kubernetes-preserve-unknown-fields").asBoolean()
        && !ours.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
      problems.add(path + ": must preserve unknown fields");
    }
    compareType(at, path, theirs, ours, problems);
    compareEnum(path, theirs, ours, problems);
    compareRestrictions(path, theirs, ours, intOrString, problems);

    Set<String> required = new LinkedHashSet<>(strings(theirs.path("required")));
    required.addAll(extraRequired);
    Set<String> ourRequired = new LinkedHashSet<>(strings(ours.path("required")));
    ourRequired.removeAll(required);
    if (!ourRequired.isEmpty()) {
      problems.add(path + ": we require " + ourRequired + ", Flagger does not");
    }

    theirs
        .path("properties")
        .fields()
        .forEachRemaining(
            p ->
                compare(
                    kind,
                    path + "." + p.getKey(),
                    p.getValue(),
                    ours.path("properties").path(p.getKey()),
                    Set.of(),
                    problems));
    if (theirs.has("items")) {
      Set<String> itemsRequired =
          ARRAY_REQUIRED_MEANS_ITEMS.contains(at) ? strings(theirs.path("required")) : Set.of();
      compare(kind, path + "[]", theirs.get("items"), ours.path("items"), itemsRequired, problems);
    }
    JsonNode additional = theirs.path("additionalProperties");
    if (additional.isObject()) {
      compare(
          kind,
          path + "{}",
          additional,
          objectOrMissing(ours.path("additionalProperties")),
          Set.of(),
          problems);
    }
    if (ours.path("additionalProperties").isBoolean()
        && !ours.path("additionalProperties").asBoolean()) {
      problems.add(path + ": additionalProperties: false refuses what Flagger keeps");
    }
  }

  private static void compareType(
      String at, String path, JsonNode theirs, JsonNode ours, List<String> problems) {
    String theirType = theirs.path("type").asText(null);
    String ourType = ours.path("type").asText(null);
    if (theirType == null || theirType.equals(ourType)) {
      return;
    }
    if ("number".equals(theirType) && "integer".equals(ourType) && NUMBER_AS_INTEGER.contains(at)) {
      return;
    }
    problems.add(path + ": type " + ourType + ", Flagger has " + theirType);
  }

  /** An enum of ours must hold every value Flagger's holds; no enum at all is fine. */
  private static void compareEnum(
      String path, JsonNode theirs, JsonNode ours, List<String> problems) {
    if (!ours.has("enum")) {
      return;
    }
    if (!theirs.has("enum")) {
      problems.add(path + ": enum " + strings(ours.get("enum")) + ", Flagger accepts any value");
      return;
    }
    Set<String> missing = new LinkedHashSet<>(strings(theirs.get("enum")));
    missing.removeAll(strings(ours.get("enum")));
    if (!missing.isEmpty()) {
      problems.add(path + ": enum lacks Flagger's values " + quoted(missing));
    }
  }

  private static void compareRestrictions(
      String path, JsonNode theirs, JsonNode ours, boolean intOrString, List<String> problems) {
    for (String keyword : RESTRICTING_KEYWORDS) {
      if (ours.has(keyword) && !ours.get(keyword).equals(theirs.get(keyword))) {
        problems.add(path + ": " + keyword + " " + ours.get(keyword) + " is stricter than Flagger");
      }
    }
    // fabric8 writes anyOf [integer, string] next to x-kubernetes-int-or-string, which is its
    // meaning
    if (ours.has("anyOf") && !intOrString && !ours.get("anyOf").equals(theirs.get("anyOf"))) {
      problems.add(path + ": anyOf " + ours.get("anyOf") + " is stricter than Flagger");
    }
  }

  private static JsonNode ours(String kind) throws IOException {
    String plural = flagger.get(kind).at("/spec/names/plural").asText();
    Path file = GENERATED.resolve(plural + ".flagger.app-v1.yml");
    assertTrue(Files.isRegularFile(file), file + " is missing; run ./mvnw process-classes");
    return YAML.readTree(file.toFile());
  }

  private static JsonNode version(JsonNode crd) {
    for (JsonNode v : crd.at("/spec/versions")) {
      if ("v1beta1".equals(v.path("name").asText())) {
        return v;
      }
    }
    return MissingNode.getInstance();
  }

  private static List<String> columns(JsonNode version) {
    List<String> columns = new ArrayList<>();
    for (JsonNode c : version.path("additionalPrinterColumns")) {
      columns.add(
          String.join(
              "|",
              c.path("name").asText(),
              c.path("jsonPath").asText(),
              c.path("type").asText(),
              String.valueOf(c.path("priority").asInt(0))));
    }
    return columns;
  }

  private static String listKind(JsonNode crd) {
    return crd.at("/spec/names/listKind").asText(crd.at("/spec/names/kind").asText() + "List");
  }

  private static String text(JsonNode node, String pointer) {
    return node.at(pointer).asText(null);
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    if (array instanceof ArrayNode) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static JsonNode objectOrMissing(JsonNode node) {
    return node.isObject() ? node : MissingNode.getInstance();
  }

  private static List<String> quoted(Set<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").toList();
  }
}

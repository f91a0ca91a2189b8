package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates Kubernetes objects against the {@code openAPIV3Schema} of the CustomResourceDefinitions
 * in a (multi-document) CRD YAML file, as a real API server would before storing them.
 *
 * <p>The CRD is chosen by the object's {@code kind}, the version by its {@code apiVersion}; a group
 * mismatch or a version that is not served is an error, as it is for the API server.
 *
 * <p>How: the structural OpenAPI v3 schema is translated to JSON Schema draft 4 (which OpenAPI 3.0
 * schema objects are built on) and checked by {@code com.networknt:json-schema-validator}. We chose
 * the library over a hand-written walker because CRD schemas lean on {@code oneOf}/{@code anyOf}/
 * {@code not} (Istio's "only one of" rules), bounds, patterns and item limits, which the library
 * already implements; the translation only has to encode what Kubernetes adds on top:
 *
 * <ul>
 *   <li><b>Pruning.</b> The API server silently drops fields its schema does not declare. A dropped
 *       field is a bug in the writer (a typo, a field of another API version), so every structural
 *       object node gets {@code additionalProperties: false} unless it carries {@code
 *       x-kubernetes-preserve-unknown-fields: true} or declares {@code additionalProperties}. Nodes
 *       under {@code oneOf}/{@code anyOf}/{@code allOf}/{@code not} are value validations only
 *       (they cannot declare fields in a structural schema), so they are left open.
 *   <li><b>{@code x-kubernetes-int-or-string}</b> accepts an integer or a string.
 *   <li><b>{@code nullable}</b> adds {@code null} to the accepted types. A {@code null} anywhere
 *       else is reported: the API server would prune it, so writing it is a bug too.
 *   <li><b>The root</b> always accepts {@code apiVersion}, {@code kind} and {@code metadata};
 *       {@code metadata} is checked loosely (labels and annotations are string maps, owner
 *       references have their required fields), as the API server validates ObjectMeta by other
 *       means.
 * </ul>
 *
 * <p>Patterns are Go RE2, as the API server reads them; the few places where {@code
 * java.util.regex} reads the same text otherwise are escaped ({@link #javaPattern}).
 *
 * <p>Not checked: CEL rules ({@code x-kubernetes-validations}), {@code format} (the API server only
 * checks a few string formats), list-type uniqueness ({@code x-kubernetes-list-type}), and
 * defaulting (an object that is valid only after defaults are applied is reported as invalid, which
 * errs on the safe side for objects we write in full).
 */
public final class CrdSchemaValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Path, CrdSchemaValidator> LOADED = new ConcurrentHashMap<>();

  /** Keywords copied verbatim: they mean the same in OpenAPI 3.0 and JSON Schema draft 4. */
  private static final Set<String> SAME_MEANING =
      Set.of(
          "type",
          "enum",
          "required",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "pattern",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties");

  private final Path file;
  private final List<JsonNode> crds;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_4,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder()
                      .pathType(PathType.JSON_PATH)
                      .formatAssertionsEnabled(false)
                      .build()));

  private CrdSchemaValidator(Path file, List<JsonNode> crds) {
    this.file = file;
    this.crds = crds;
  }

  /**
   * The validator for the CRDs in {@code crdFile}, a YAML file of one or more documents. Files are
   * parsed once per JVM, since several test classes share the same schema files.
   *
   * @throws UncheckedIOException if the file cannot be read or parsed
   */
  public static CrdSchemaValidator load(Path crdFile) {
    return LOADED.computeIfAbsent(crdFile.toAbsolutePath().normalize(), CrdSchemaValidator::read);
  }

  /** Same as {@link #load(Path)}, with a path relative to the working directory. */
  public static CrdSchemaValidator load(String crdFile) {
    return load(Path.of(crdFile));
  }

  private static CrdSchemaValidator read(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> crds = new ArrayList<>();
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && "CustomResourceDefinition".equals(doc.path("kind").asText())) {
          crds.add(doc);
        }
      }
      return new CrdSchemaValidator(file, crds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRDs from " + file, e);
    }
  }

  /**
   * Validates {@code resource} (a {@link JsonNode}, or any object Jackson serializes, such as a
   * fabric8 model object) against the schema of its kind and apiVersion.
   *
   * @return readable errors, each starting with the JSON path of the offending node ({@code
   *     $.spec.http[0].route}); empty when the object is valid
   */
  public List<String> validate(Object resource) {
    JsonNode node = resource instanceof JsonNode n ? n : JSON.valueToTree(resource);
    String apiVersion = node.path("apiVersion").asText("");
    String kind = node.path("kind").asText("");
    JsonNode crd = crdFor(kind);
    if (crd == null) {
      return List.of("$.kind: no CustomResourceDefinition for kind '" + kind + "' in " + file);
    }
    String group = crd.path("spec").path("group").asText();
    int slash = apiVersion.indexOf('/');
    if (slash < 0 || !apiVersion.substring(0, slash).equals(group)) {
      return List.of("$.apiVersion: '" + apiVersion + "' is not in group " + group);
    }
    JsonNode version = servedVersion(crd, apiVersion.substring(slash + 1));
    if (version == null) {
      return List.of("$.apiVersion: '" + apiVersion + "' is not served by the " + kind + " CRD");
    }
    Schema schema =
        compiled.computeIfAbsent(kind + " " + apiVersion, k -> compile(schemaOf(crd, version)));
    // A failed oneOf/anyOf repeats its branches' errors; one line per distinct problem is enough.
    Set<String> errors = new LinkedHashSet<>();
    for (Error error : schema.validate(node.toString(), InputFormat.JSON)) {
      errors.add(error.getInstanceLocation() + ": " + error.getMessage());
    }
    return List.copyOf(errors);
  }

  /**
   * Fails with an {@link AssertionError} that lists every schema error of {@code resource}, so a
   * test shows all of them at once.
   */
  public void assertValid(Object resource) {
    List<String> errors = validate(resource);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "not valid against " + file.getFileName() + ":\n  " + String.join("\n  ", errors));
    }
  }

  /** The object as the API server would receive it, after checking it against the schema. */
  public JsonNode validJson(Object resource) {
    assertValid(resource);
    return JSON.valueToTree(resource);
  }

  /** The object as an informer hands it over: valid, and parsed back from the server's JSON. */
  public GenericKubernetesResource fromServer(GenericKubernetesResource resource) {
    return JSON.convertValue(validJson(resource), GenericKubernetesResource.class);
  }

  private JsonNode crdFor(String kind) {
    return crds.stream()
        .filter(crd -> kind.equals(crd.path("spec").path("names").path("kind").asText()))
        .findFirst()
        .orElse(null);
  }

  private static JsonNode servedVersion(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (version.equals(v.path("name").asText()) && v.path("served").asBoolean(false)) {
        return v;
      }
    }
    return null;
  }

  /**
   * The version's schema; an {@code apiextensions.k8s.io/v1beta1} CRD may instead keep one schema
   * for all its versions in {@code spec.validation}.
   */
  private static JsonNode schemaOf(JsonNode crd, JsonNode version) {
    JsonNode own = version.at("/schema/openAPIV3Schema");
    return own.isMissingNode() ? crd.at("/spec/validation/openAPIV3Schema") : own;
  }

  private Schema compile(JsonNode openApiSchema) {
    ObjectNode root = convert(openApiSchema, true);
    ObjectNode properties = root.withObjectProperty("properties");
    properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
    properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
    JsonNode declaredMeta = openApiSchema.path("properties").path("metadata");
    ObjectNode meta = objectMetaSchema();
    if (declaredMeta.isObject()) {
      // A CRD may only restrict name and generateName; keep those checks, open the rest.
      meta.withArrayProperty("allOf").add(convert(declaredMeta, false));
    }
    properties.set("metadata", meta);
    root.put("type", "object");
    return registry.getSchema(root.toString(), InputFormat.JSON);
  }

  /**
   * Translates one OpenAPI schema node. {@code structural} is false below {@code oneOf}, {@code
   * anyOf}, {@code allOf} and {@code not}, where nodes only restrict values and must not close
   * objects.
   */
  private static ObjectNode convert(JsonNode in, boolean structural) {
    ObjectNode out = NODES.objectNode();
    in.properties()
        .forEach(
            field -> {
              if ("pattern".equals(field.getKey())) {
                out.put("pattern", javaPattern(field.getValue().asText()));
              } else if (SAME_MEANING.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue().deepCopy());
              }
            });
    convertChildren(in, out, structural);
    if (in.path("x-kubernetes-int-or-string").asBoolean(false)) {
      // Kubernetes requires such nodes to be untyped or to carry exactly the integer|string
      // anyOf; one type list says the same and yields one error instead of one per branch.
      out.remove("anyOf");
      out.putArray("type").add("integer").add("string");
    }
    if (structural && closesUnknownFields(in)) {
      out.put("additionalProperties", false);
    }
    if (in.path("nullable").asBoolean(false)) {
      return acceptNull(out);
    }
    return out;
  }

  /**
   * A CRD pattern (Go's RE2, as the API server reads it) for {@code java.util.regex}: inside a
   * character class RE2 takes {@code [} and {@code &} literally, where Java would open a nested
   * class or an intersection, so they are escaped there (Contour's cookie-name pattern has a {@code
   * [} in its class). Everything else means the same in both.
   */
  static String javaPattern(String re2) {
    StringBuilder java = new StringBuilder(re2.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < re2.length(); i++) {
      char c = re2.charAt(i);
      if (c == '\\' && i + 1 < re2.length()) {
        java.append(c).append(re2.charAt(++i));
        continue;
      }
      if (inClass && (c == '[' || c == '&')) {
        java.append('\\').append(c);
        continue;
      }
      if (!inClass && c == '[') {
        inClass = true;
        java.append(c);
        // a leading ^ and a leading ] belong to the class, not its end
        if (i + 1 < re2.length() && re2.charAt(i + 1) == '^') {
          java.append(re2.charAt(++i));
        }
        if (i + 1 < re2.length() && re2.charAt(i + 1) == ']') {
          java.append("\\]");
          i++;
        }
        continue;
      }
      if (inClass && c == ']') {
        inClass = false;
      }
      java.append(c);
    }
    return java.toString();
  }

  private static void convertChildren(JsonNode in, ObjectNode out, boolean structural) {
    if (in.has("properties")) {
      ObjectNode properties = out.putObject("properties");
      in.get("properties")
          .properties()
          .forEach(p -> properties.set(p.getKey(), convert(p.getValue(), structural)));
    }
    if (in.has("items")) {
      out.set("items", convert(in.get("items"), structural));
    }
    JsonNode additional = in.get("additionalProperties");
    if (additional != null) {
      out.set(
          "additionalProperties",
          additional.isObject() ? convert(additional, structural) : additional.deepCopy());
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      if (in.has(combinator)) {
        ArrayNode branches = out.withArrayProperty(combinator);
        in.get(combinator).forEach(branch -> branches.add(convert(branch, false)));
      }
    }
    if (in.has("not")) {
      out.set("not", convert(in.get("not"), false));
    }
  }

  private static boolean closesUnknownFields(JsonNode in) {
    boolean isObject = "object".equals(in.path("type").asText()) || in.has("properties");
    return isObject
        && !in.has("additionalProperties")
        && !in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  /** Makes a node accept {@code null} as well (OpenAPI's {@code nullable: true}). */
  private static ObjectNode acceptNull(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && !schema.has("enum")) {
      ArrayNode types = type.isArray() ? (ArrayNode) type.deepCopy() : NODES.arrayNode().add(type);
      schema.set("type", types.add("null"));
      return schema;
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode anyOf = out.putArray("anyOf");
    anyOf.addObject().put("type", "null");
    anyOf.add(schema);
    return out;
  }

  /** The parts of ObjectMeta our writers set, typed; the rest is left to the API server. */
  private static ObjectNode objectMetaSchema() {
    ObjectNode meta = NODES.objectNode().put("type", "object");
    ObjectNode properties = meta.putObject("properties");
    properties.putObject("name").put("type", "string");
    properties.putObject("namespace").put("type", "string");
    for (String map : List.of("labels", "annotations")) {
      properties
          .putObject(map)
          .put("type", "object")
          .putObject("additionalProperties")
          .put("type", "string");
    }
    ObjectNode ownerReference = properties.putObject("ownerReferences").put("type", "array");
    ObjectNode item = ownerReference.putObject("items").put("type", "object");
    item.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
    ObjectNode refProperties = item.putObject("properties");
    for (String field : List.of("apiVersion", "kind", "name", "uid")) {
      refProperties.putObject(field).put("type", "string");
    }
    refProperties.putObject("controller").put("type", "boolean");
    refProperties.putObject("blockOwnerDeletion").put("type", "boolean");
    item.put("additionalProperties", false);
    return meta;
  }
}

package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrdSchemaValidatorTest {

  static final String ISTIO = "../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml";
  static final ObjectMapper JSON = new ObjectMapper();

  final CrdSchemaValidator istio = CrdSchemaValidator.load(ISTIO);

  @Test
  void acceptsAValidVirtualService() {
    // given
    ObjectNode vs = virtualService();

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertEquals(List.of(), errors);
  }

  @Test
  void rejectsAWrongType() {
    // given: hosts is a list of strings, not a string
    ObjectNode vs = virtualService();
    ((ObjectNode) vs.get("spec")).put("hosts", "podinfo");

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertSingleErrorAt("$.spec.hosts", errors);
  }

  @Test
  void rejectsAnUnknownFieldThatTheApiServerWouldPrune() {
    // given: a typo deep in a route
    ObjectNode vs = virtualService();
    ObjectNode destination = (ObjectNode) vs.at("/spec/http/0/route/0/destination");
    destination.put("hots", "podinfo-primary");

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertSingleErrorAt("$.spec.http[0].route[0].destination", errors);
    assertTrue(errors.get(0).contains("hots"), errors.toString());
  }

  @Test
  void acceptsUnknownFieldsWhereTheSchemaPreservesThem() {
    // given: Istio's status keeps unknown fields
    ObjectNode vs = virtualService();
    vs.putObject("status").put("somethingNew", true);

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertEquals(List.of(), errors);
  }

  @Test
  void rejectsAMissingRequiredField() {
    // given: a route destination without its required host
    ObjectNode vs = virtualService();
    ((ObjectNode) vs.at("/spec/http/0/route/0/destination")).remove("host");

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertSingleErrorAt("$.spec.http[0].route[0].destination", errors);
    assertTrue(errors.get(0).contains("host"), errors.toString());
  }

  @Test
  void acceptsIntOrStringBothWaysAndNothingElse() {
    // given: status.observedGeneration is x-kubernetes-int-or-string
    ObjectNode asInt = virtualService();
    asInt.putObject("status").put("observedGeneration", 3);
    ObjectNode asString = virtualService();
    asString.putObject("status").put("observedGeneration", "3");
    ObjectNode asBoolean = virtualService();
    asBoolean.putObject("status").put("observedGeneration", true);

    // when / then
    assertEquals(List.of(), istio.validate(asInt));
    assertEquals(List.of(), istio.validate(asString));
    assertSingleErrorAt("$.status.observedGeneration", istio.validate(asBoolean));
  }

  @Test
  void rejectsAValueOutsideAnEnum() {
    // given
    ObjectNode dr = destinationRule();
    dr.withObjectProperty("spec")
        .putObject("trafficPolicy")
        .putObject("loadBalancer")
        .put("simple", "FASTEST");

    // when
    List<String> errors = istio.validate(dr);

    // then
    assertSingleErrorAt("$.spec.trafficPolicy.loadBalancer.simple", errors);
  }

  @Test
  void rejectsNullUnlessNullable() {
    // given: retries.retryRemoteLocalities is nullable, retries.retryOn is not
    ObjectNode nullable = virtualService();
    ((ObjectNode) nullable.at("/spec/http/0"))
        .putObject("retries")
        .putNull("retryRemoteLocalities");
    ObjectNode notNullable = virtualService();
    ((ObjectNode) notNullable.at("/spec/http/0")).putObject("retries").putNull("retryOn");

    // when / then
    assertEquals(List.of(), istio.validate(nullable));
    assertSingleErrorAt("$.spec.http[0].retries.retryOn", istio.validate(notNullable));
  }

  @Test
  void checksIstiosOnlyOneOfRules() {
    // given: a string match may be exact or prefix, not both
    ObjectNode vs = virtualService();
    ObjectNode uri =
        ((ObjectNode) vs.at("/spec/http/0")).putArray("match").addObject().putObject("uri");
    uri.put("exact", "/api").put("prefix", "/api");

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("$.spec.http[0].match[0].uri")),
        errors.toString());
  }

  @Test
  void rejectsAVersionThatIsNotServedOrAnUnknownKind() {
    // given
    ObjectNode wrongVersion = virtualService().put("apiVersion", "networking.istio.io/v2");
    ObjectNode wrongGroup = virtualService().put("apiVersion", "example.com/v1");
    ObjectNode unknownKind = virtualService().put("kind", "Gateway");

    // when / then
    assertSingleErrorAt("$.apiVersion", istio.validate(wrongVersion));
    assertSingleErrorAt("$.apiVersion", istio.validate(wrongGroup));
    assertSingleErrorAt("$.kind", istio.validate(unknownKind));
  }

  @Test
  void checksTheLabelsAndOwnerReferencesOfMetadata() {
    // given
    ObjectNode vs = virtualService();
    vs.withObjectProperty("metadata").putObject("labels").put("replicas", 3);
    vs.withObjectProperty("metadata").putArray("ownerReferences").addObject().put("kind", "Canary");

    // when
    List<String> errors = istio.validate(vs);

    // then
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("$.metadata.labels.replicas")),
        errors.toString());
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("$.metadata.ownerReferences[0]")),
        errors.toString());
  }

  @Test
  void assertValidListsEveryError() {
    // given
    ObjectNode vs = virtualService();
    ((ObjectNode) vs.get("spec")).put("hosts", "podinfo").put("gatways", "x");

    // when
    AssertionError error = assertThrows(AssertionError.class, () -> istio.assertValid(vs));

    // then
    assertTrue(error.getMessage().contains("$.spec.hosts"), error.getMessage());
    assertTrue(error.getMessage().contains("gatways"), error.getMessage());
  }

  @Test
  void readsAnyMultiDocumentCrdFile(@TempDir Path dir) throws IOException {
    // given: a CRD whose spec has an int-or-string field and a free-form object
    Path crd = dir.resolve("widgets.yaml");
    Files.writeString(
        crd,
        """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: not-a-crd}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [port]
                    properties:
                      port:
                        x-kubernetes-int-or-string: true
                      extra:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
        """);
    CrdSchemaValidator widgets = CrdSchemaValidator.load(crd);
    String valid =
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
            + "\"spec\":{\"port\":\"http\",\"extra\":{\"any\":{\"thing\":1}}}}";
    String invalid =
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"port\":1.5}}";

    // when / then
    assertEquals(List.of(), widgets.validate(JSON.readTree(valid)));
    assertSingleErrorAt("$.spec.port", widgets.validate(JSON.readTree(invalid)));
  }

  @ParameterizedTest
  @CsvSource({
    "istio-1.30.3-virtualservice-destinationrule.yaml, networking.istio.io/v1, VirtualService",
    "istio-1.30.3-virtualservice-destinationrule.yaml, networking.istio.io/v1alpha3, DestinationRule",
    "gateway-api-v1.6.1-httproutes.yaml, gateway.networking.k8s.io/v1, HTTPRoute",
    "gateway-api-v1.6.1-httproutes.yaml, gateway.networking.k8s.io/v1beta1, HTTPRoute",
    "flagger-v1.44.0-crd.yaml, flagger.app/v1beta1, Canary",
    "flagger-v1.44.0-crd.yaml, flagger.app/v1beta1, MetricTemplate",
    "flagger-v1.44.0-crd.yaml, flagger.app/v1beta1, AlertProvider",
  })
  void everySharedSchemaLoadsAndCatchesAnUnknownSpecField(
      String file, String apiVersion, String kind) {
    // given: the schema files later router and API tests rely on
    CrdSchemaValidator validator = CrdSchemaValidator.load("../shared/schemas/" + file);
    ObjectNode resource = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    resource.putObject("metadata").put("name", "x");
    resource.putObject("spec").put("bogus", 1);

    // when
    List<String> errors = validator.validate(resource);

    // then
    assertTrue(
        errors.stream().anyMatch(e -> e.startsWith("$.spec:") && e.contains("'bogus'")),
        errors.toString());
  }

  @Test
  void readsCrdPatternsAsGoDoesWhereJavaWouldReadThemOtherwise() {
    // Contour's cookie-name pattern: "[" is a literal inside an RE2 character class
    String cookieName = CrdSchemaValidator.javaPattern("^[^()<>@,;:\\\\\"\\/[\\]?={} \\t]+$");
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(cookieName);

    assertTrue(pattern.matcher("session").matches());
    assertFalse(pattern.matcher("a[b").matches());
    assertFalse(pattern.matcher("a]b").matches());
    assertEquals("[a\\&\\&b]", CrdSchemaValidator.javaPattern("[a&&b]"));
    assertEquals("^v2\\.[0-9]+$", CrdSchemaValidator.javaPattern("^v2\\.[0-9]+$"));
  }

  static void assertSingleErrorAt(String path, List<String> errors) {
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith(path + ":"), errors.toString());
  }

  static ObjectNode virtualService() {
    ObjectNode vs = JSON.createObjectNode();
    vs.put("apiVersion", "networking.istio.io/v1beta1").put("kind", "VirtualService");
    vs.putObject("metadata").put("name", "podinfo").put("namespace", "test");
    ObjectNode spec = vs.putObject("spec");
    spec.putArray("hosts").add("podinfo");
    ObjectNode route = spec.putArray("http").addObject().putArray("route").addObject();
    route.putObject("destination").put("host", "podinfo-primary");
    route.put("weight", 100);
    return vs;
  }

  static ObjectNode destinationRule() {
    ObjectNode dr = JSON.createObjectNode();
    dr.put("apiVersion", "networking.istio.io/v1beta1").put("kind", "DestinationRule");
    dr.putObject("metadata").put("name", "podinfo-primary").put("namespace", "test");
    dr.putObject("spec").put("host", "podinfo-primary");
    return dr;
  }
}

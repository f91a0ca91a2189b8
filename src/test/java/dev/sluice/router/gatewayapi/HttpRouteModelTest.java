package dev.sluice.router.gatewayapi;

import static dev.sluice.router.gatewayapi.GatewayApiFixtures.json;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.podinfo;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTPRoute of a weighted canary, and what the Canary's service settings add to it. */
class HttpRouteModelTest {

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v1beta1"})
  void aWeightedCanarySplitsOneRuleBetweenPrimaryAndCanary(String version) {
    // given
    Canary canary = podinfo();

    // when
    JsonNode route = validJson(HttpRouteModel.desired(canary, Routes.weighted(30), version));

    // then
    assertEquals("gateway.networking.k8s.io/" + version, route.path("apiVersion").asText());
    assertEquals("podinfo", route.at("/metadata/name").asText());
    assertEquals("test", route.at("/metadata/namespace").asText());
    assertEquals("Canary", route.at("/metadata/ownerReferences/0/kind").asText());
    assertEquals(
        json(List.of(Map.of("name", "gateway", "namespace", "istio-ingress"))),
        route.at("/spec/parentRefs"));
    assertEquals(json(List.of("www.example.com")), route.at("/spec/hostnames"));
    JsonNode rules = route.at("/spec/rules");
    assertEquals(1, rules.size());
    assertEquals(json(Map.of("type", "PathPrefix", "value", "/")), rules.at("/0/matches/0/path"));
    assertEquals(
        json(List.of(backend("podinfo-primary", 70), backend("podinfo-canary", 30))),
        rules.at("/0/backendRefs"));
    assertFalse(rules.get(0).has("filters"), "no service settings, no filters");
    assertFalse(rules.get(0).has("timeouts"));
  }

  @Test
  void apexLabelsAndAnnotationsAreSetWithFluxsOptOut() {
    // given
    Canary canary = podinfo("apex:\n  labels: {team: web}\n  annotations: {a: b}\n", "");

    // when
    JsonNode metadata =
        validJson(HttpRouteModel.desired(canary, Routes.allToPrimary(), "v1")).path("metadata");

    // then
    assertEquals("web", metadata.at("/labels/team").asText());
    assertEquals("b", metadata.at("/annotations/a").asText());
    assertEquals(
        "disabled", metadata.at("/annotations/kustomize.toolkit.fluxcd.io~1reconcile").asText());
  }

  @Test
  void serviceMatchTimeoutHeadersAndRewriteCarryOver() {
    // given
    Canary canary =
        podinfo(
            """
            timeout: 15s
            match:
              - uri: {prefix: /api}
                method: {exact: GET}
                headers: {x-env: {exact: prod}}
                queryParams: {debug: {regex: "^(1|true)$"}}
            rewrite: {uri: /v2, authority: api.internal}
            headers:
              request:
                set: {x-b: "2", x-a: "1"}
                remove: [x-secret]
              response:
                add: {x-served-by: sluice}
            """,
            "");

    // when
    JsonNode rule =
        validJson(HttpRouteModel.desired(canary, Routes.weighted(10), "v1")).at("/spec/rules/0");

    // then
    JsonNode match = rule.at("/matches/0");
    assertEquals(json(Map.of("type", "PathPrefix", "value", "/api")), match.path("path"));
    assertEquals("GET", match.path("method").asText());
    assertEquals(json(List.of(valueMatch("Exact", "x-env", "prod"))), match.path("headers"));
    assertEquals(
        json(List.of(valueMatch("RegularExpression", "debug", "^(1|true)$"))),
        match.path("queryParams"));
    assertEquals("15s", rule.at("/timeouts/request").asText());
    JsonNode filters = rule.path("filters");
    assertEquals("RequestHeaderModifier", filters.at("/0/type").asText());
    assertEquals(
        json(List.of(Map.of("name", "x-a", "value", "1"), Map.of("name", "x-b", "value", "2"))),
        filters.at("/0/requestHeaderModifier/set"),
        "sorted by name, so the object is the same on every tick");
    assertEquals(json(List.of("x-secret")), filters.at("/0/requestHeaderModifier/remove"));
    assertEquals("ResponseHeaderModifier", filters.at("/1/type").asText());
    assertEquals(
        json(List.of(Map.of("name", "x-served-by", "value", "sluice"))),
        filters.at("/1/responseHeaderModifier/add"));
    assertEquals("URLRewrite", filters.at("/2/type").asText());
    assertEquals(
        json(
            Map.of(
                "hostname",
                "api.internal",
                "path",
                Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/v2"))),
        filters.at("/2/urlRewrite"));
  }

  @Test
  void aRewriteOfTheFullPathWhenTheTypeSaysSo() {
    // given
    Canary canary = podinfo("rewrite: {uri: /index.html, type: ReplaceFullPath}\n", "");

    // when
    JsonNode path =
        validJson(HttpRouteModel.desired(canary, Routes.allToPrimary(), "v1beta1"))
            .at("/spec/rules/0/filters/0/urlRewrite/path");

    // then
    assertEquals(json(Map.of("type", "ReplaceFullPath", "replaceFullPath", "/index.html")), path);
  }

  @Test
  void serviceMirrorsBecomeRequestMirrorFilters() {
    // given
    Canary canary = podinfo("mirror:\n  - backendRef: {name: shadow, port: 8080}\n", "");

    // when
    JsonNode filter =
        validJson(HttpRouteModel.desired(canary, Routes.allToPrimary(), "v1"))
            .at("/spec/rules/0/filters/0");

    // then
    assertEquals("RequestMirror", filter.path("type").asText());
    assertEquals(
        json(Map.of("name", "shadow", "port", 8080)), filter.at("/requestMirror/backendRef"));
  }

  @Test
  void weightsMustSumToOneHundred() {
    assertThrows(
        IllegalArgumentException.class,
        () -> HttpRouteModel.desired(podinfo(), new Routes(50, 60, false), "v1"));
  }

  static Map<String, Object> backend(String name, int weight) {
    return Map.of("group", "", "kind", "Service", "name", name, "port", 9898, "weight", weight);
  }

  static Map<String, String> valueMatch(String type, String name, String value) {
    return Map.of("type", type, "name", name, "value", value);
  }
}

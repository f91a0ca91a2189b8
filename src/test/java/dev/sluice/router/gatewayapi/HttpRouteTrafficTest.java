package dev.sluice.router.gatewayapi;

import static dev.sluice.router.gatewayapi.GatewayApiFixtures.json;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.podinfo;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.validJson;
import static dev.sluice.router.gatewayapi.HttpRouteModelTest.backend;
import static dev.sluice.router.gatewayapi.HttpRouteModelTest.valueMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A/B matches and mirroring on the HTTPRoute (session affinity: {@link HttpRouteStickyTest}). */
class HttpRouteTrafficTest {

  private static final String AB_MATCH =
      """
      iterations: 10
      match:
        - headers:
            x-canary: {exact: insider}
        - headers:
            cookie: {regex: "^(.*?;)?(canary=always)(;.*)?$"}
        - queryParams:
            beta: {exact: "on"}
      """;

  @Test
  void anAbTestRoutesMatchingRequestsToTheCanaryAndTheRestToPrimary() {
    // given
    Canary canary = podinfo("", AB_MATCH);

    // when
    JsonNode rules =
        validJson(HttpRouteModel.desired(canary, new Routes(0, 100, false), "v1"))
            .at("/spec/rules");

    // then
    assertEquals(2, rules.size());
    JsonNode matches = rules.at("/0/matches");
    assertEquals(3, matches.size(), "one match per A/B condition: any of them routes");
    assertEquals(
        json(List.of(valueMatch("Exact", "x-canary", "insider"))), matches.at("/0/headers"));
    assertEquals(
        json(List.of(valueMatch("RegularExpression", "cookie", "^(.*?;)?(canary=always)(;.*)?$"))),
        matches.at("/1/headers"),
        "a cookie condition is a regex on the Cookie header, as in Flagger");
    assertEquals(json(List.of(valueMatch("Exact", "beta", "on"))), matches.at("/2/queryParams"));
    assertEquals("/", matches.at("/0/path/value").asText(), "within the service's paths");
    assertEquals(
        json(List.of(backend("podinfo-primary", 0), backend("podinfo-canary", 100))),
        rules.at("/0/backendRefs"));
    assertEquals(json(List.of(backend("podinfo-primary", 100))), rules.at("/1/backendRefs"));
    assertEquals("/", rules.at("/1/matches/0/path/value").asText());
  }

  @Test
  void abConditionsAreJoinedWithTheServiceMatch() {
    // given
    Canary canary =
        podinfo(
            "match:\n  - uri: {prefix: /api}\n    headers: {x-env: {exact: prod}}\n",
            "iterations: 5\nmatch:\n  - headers: {x-user: {prefix: \"test.\"}}\n");

    // when
    JsonNode match =
        validJson(HttpRouteModel.desired(canary, new Routes(0, 100, false), "v1"))
            .at("/spec/rules/0/matches/0");

    // then
    assertEquals("/api", match.at("/path/value").asText());
    assertEquals(
        json(
            List.of(
                valueMatch("Exact", "x-env", "prod"),
                valueMatch("RegularExpression", "x-user", "^test\\..*"))),
        match.path("headers"),
        "both conditions must hold; a prefix becomes an anchored regex");
  }

  @Test
  void blueGreenMirroringCopiesTheMirrorWeightAsPercent() {
    // given
    Canary canary = podinfo("", "iterations: 10\nmirror: true\nmirrorWeight: 40\n");

    // when
    JsonNode rule =
        validJson(HttpRouteModel.desired(canary, new Routes(100, 0, true), "v1"))
            .at("/spec/rules/0");

    // then
    assertEquals(
        json(
            Map.of(
                "type",
                "RequestMirror",
                "requestMirror",
                Map.of(
                    "backendRef",
                    Map.of("group", "", "kind", "Service", "name", "podinfo-canary", "port", 9898),
                    "percent",
                    40))),
        rule.at("/filters/0"));
    assertEquals(100, rule.at("/backendRefs/0/weight").asInt());
  }

  @Test
  void mirroringWithoutWeightMirrorsEverythingAndStopsWithTheRun() {
    // given
    Canary canary = podinfo("", "iterations: 10\nmirror: true\n");

    // when
    JsonNode mirrored =
        validJson(HttpRouteModel.desired(canary, new Routes(100, 0, true), "v1beta1"))
            .at("/spec/rules/0/filters/0/requestMirror");
    JsonNode after =
        validJson(HttpRouteModel.desired(canary, Routes.allToPrimary(), "v1beta1"))
            .at("/spec/rules/0");

    // then
    assertEquals("podinfo-canary", mirrored.at("/backendRef/name").asText());
    assertFalse(mirrored.has("percent"), "no mirrorWeight: every request is mirrored");
    assertFalse(after.has("filters"));
  }
}

package dev.sluice.router.contour;

import static dev.sluice.router.contour.ContourFixtures.json;
import static dev.sluice.router.contour.ContourFixtures.podinfo;
import static dev.sluice.router.contour.ContourFixtures.validJson;
import static dev.sluice.router.contour.HttpProxyModelTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A/B testing on Contour: one route per match alternative, ahead of the primary's route. */
class HttpProxyAbTestTest {

  private static final String AB =
      """
      iterations: 10
      match:
        - headers:
            x-canary: {exact: insider}
        - headers:
            user-agent: {prefix: "Mobile (iOS)"}
          queryParams:
            beta: {exact: "1"}
        - headers:
            cookie: {suffix: "canary=always"}
        - headers:
            x-build: {regex: "^v2\\\\..*"}
            x-debug: {}
      """;

  @Test
  void eachAlternativeGetsARouteWithTheSplitAndTheRestGoesToThePrimary() {
    // given
    Canary canary = podinfo("", AB);

    // when: the A/B run routes the matching requests to the canary
    JsonNode routes =
        validJson(HttpProxyModel.desired(canary, Routes.weighted(100))).at("/spec/routes");

    // then
    assertEquals(5, routes.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(
          json(List.of(service("podinfo-primary", 0), service("podinfo-canary", 100))),
          routes.at("/" + i + "/services"));
    }
    assertEquals(json(List.of(Map.of("prefix", "/"))), routes.at("/4/conditions"));
    assertEquals(json(List.of(service("podinfo-primary", 100))), routes.at("/4/services"));
  }

  @Test
  void headerPrefixAndSuffixAreAnchoredRegexesNotContains() {
    Canary canary = podinfo("", AB);

    JsonNode routes =
        validJson(HttpProxyModel.desired(canary, Routes.weighted(100))).at("/spec/routes");

    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/"),
                Map.of("header", Map.of("name", "x-canary", "exact", "insider")))),
        routes.at("/0/conditions"));
    // Envoy matches a header regex against the whole value: "Mobile (iOS)" as a prefix, escaped
    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/"),
                Map.of("header", Map.of("name", "user-agent", "regex", "Mobile \\(iOS\\).*")),
                Map.of("queryParameter", Map.of("name", "beta", "exact", "1")))),
        routes.at("/1/conditions"));
    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/"),
                Map.of("header", Map.of("name", "cookie", "regex", ".*canary=always")))),
        routes.at("/2/conditions"));
    // an Istio header match without a value tests presence
    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/"),
                Map.of("header", Map.of("name", "x-build", "regex", "^v2\\..*")),
                Map.of("header", Map.of("name", "x-debug", "present", true)))),
        routes.at("/3/conditions"));
  }

  @Test
  void theServiceConditionsApplyToTheAbRoutesTooAndTheAbHeaderWinsOnTheSameName() {
    Canary canary =
        podinfo(
            """
            match:
              - uri: {prefix: /api}
                headers: {x-canary: {exact: never}, x-env: {exact: prod}}
            """,
            "iterations: 3\nmatch:\n  - headers: {x-canary: {exact: insider}}\n");

    JsonNode routes =
        validJson(HttpProxyModel.desired(canary, Routes.allToPrimary())).at("/spec/routes");

    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/api"),
                Map.of("header", Map.of("name", "x-canary", "exact", "insider")),
                Map.of("header", Map.of("name", "x-env", "exact", "prod")))),
        routes.at("/0/conditions"));
    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/api"),
                Map.of("header", Map.of("name", "x-canary", "exact", "never")),
                Map.of("header", Map.of("name", "x-env", "exact", "prod")))),
        routes.at("/1/conditions"));
  }
}

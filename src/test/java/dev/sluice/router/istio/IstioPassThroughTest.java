package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.canary;
import static dev.sluice.router.istio.IstioFixtures.json;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every routing setting of {@code service} reaches the HTTP route, in Istio's own shape. */
class IstioPassThroughTest {

  @Test
  void copiesEveryMatchField() {
    // given
    Canary canary =
        withService(
            """
            match:
              - name: api
                uri: {prefix: /api}
                authority: {exact: app.example.com}
                method: {exact: GET}
                scheme: {exact: https}
                ignoreUriCase: true
                port: 9898
                gateways: [mesh]
                headers: {x-tenant: {exact: acme}}
                withoutHeaders: {x-debug: {prefix: ""}}
                queryParams: {lang: {regex: "en|de"}}
                sourceLabels: {app: frontend}
                sourceNamespace: web
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.weighted(10)));

    // then
    assertEquals(
        json(canary.getSpec().getService().getMatch()), vs.at("/spec/http/0/match"), vs.toString());
    assertEquals(13, vs.at("/spec/http/0/match/0").size());
  }

  @Test
  void copiesRetriesTimeoutAndHeaders() {
    // given
    Canary canary =
        withService(
            """
            timeout: 30s
            retries: {attempts: 3, perTryTimeout: 1s, retryOn: "gateway-error,connect-failure"}
            headers:
              request:
                add: {x-added: "1"}
                set: {x-set: "2"}
                remove: [x-internal]
              response:
                remove: [server]
            """);

    // when
    JsonNode http =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10))).at("/spec/http/0");

    // then
    assertEquals("30s", http.get("timeout").asText());
    assertEquals(
        json(
            Map.of(
                "attempts", 3, "perTryTimeout", "1s", "retryOn", "gateway-error,connect-failure")),
        http.get("retries"));
    assertEquals(
        json(
            Map.of(
                "request",
                Map.of(
                    "add",
                    Map.of("x-added", "1"),
                    "set",
                    Map.of("x-set", "2"),
                    "remove",
                    List.of("x-internal")),
                "response",
                Map.of("remove", List.of("server")))),
        http.get("headers"));
  }

  @Test
  void copiesTheRewriteWithoutTheGatewayApiType() {
    // given
    Canary canary =
        withService("rewrite: {uri: /, authority: backend.example.com, type: ReplacePrefixMatch}");

    // when
    JsonNode http =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10))).at("/spec/http/0");

    // then
    assertEquals(json(Map.of("uri", "/", "authority", "backend.example.com")), http.get("rewrite"));
  }

  @Test
  void leavesOutARewriteWithOnlyAGatewayApiType() {
    // given
    Canary canary = withService("rewrite: {type: ReplaceFullPath}");

    // when
    JsonNode http =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10))).at("/spec/http/0");

    // then
    assertFalse(http.has("rewrite"), http.toString());
  }

  @Test
  void copiesTheCorsPolicy() {
    // given
    Canary canary =
        withService(
            """
            corsPolicy:
              allowOrigins: [{exact: "https://example.com"}, {regex: "https://.*\\\\.example\\\\.org"}]
              allowMethods: [GET, POST]
              allowHeaders: [x-custom]
              exposeHeaders: [x-exposed]
              allowCredentials: false
              maxAge: 24h
            """);

    // when
    JsonNode http =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10))).at("/spec/http/0");

    // then
    assertEquals(json(canary.getSpec().getService().getCorsPolicy()), http.get("corsPolicy"));
  }

  @Test
  void turnsTheDeprecatedAllowOriginIntoStringMatches() {
    // given
    Canary canary =
        withService(
            """
            corsPolicy:
              allowOrigin: ["https://example.com", "*"]
              allowMethods: [GET]
            """);

    // when
    JsonNode cors =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10)))
            .at("/spec/http/0/corsPolicy");

    // then
    assertFalse(cors.has("allowOrigin"), cors.toString());
    assertEquals(
        json(List.of(Map.of("exact", "https://example.com"), Map.of("regex", ".*"))),
        cors.get("allowOrigins"));
    assertEquals(json(List.of("GET")), cors.get("allowMethods"));
  }

  @Test
  void dropsTheDeprecatedAllowOriginWhenAllowOriginsIsSet() {
    // given: Istio ignores allowOrigin in that case
    Canary canary =
        withService(
            """
            corsPolicy:
              allowOrigin: ["https://old.example.com"]
              allowOrigins: [{prefix: "https://"}]
            """);

    // when
    JsonNode cors =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10)))
            .at("/spec/http/0/corsPolicy");

    // then
    assertEquals(json(Map.of("allowOrigins", List.of(Map.of("prefix", "https://")))), cors);
  }

  @Test
  void emitsNoFieldThatIsNotSet() {
    // given
    Canary canary = withService("timeout: 10s");

    // when
    JsonNode http =
        validJson(VirtualServiceModel.desired(canary, Routes.weighted(10))).at("/spec/http/0");

    // then
    assertEquals(
        List.of("name", "timeout", "route"),
        fieldNames(http),
        "the name is always there: it marks the route as Sluice's");
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }

  private static Canary withService(String serviceYaml) {
    String indented = serviceYaml.strip().replace("\n", "\n    ");
    return canary(
        """
        metadata: {name: podinfo, namespace: test}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service:
            port: 9898
            %s
          analysis: {interval: 1m}
        """
            .formatted(indented));
  }
}

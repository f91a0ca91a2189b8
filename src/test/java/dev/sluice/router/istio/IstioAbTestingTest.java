package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.canary;
import static dev.sluice.router.istio.IstioFixtures.json;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A/B testing: the canary gets the requests that meet analysis.match, nothing else. */
class IstioAbTestingTest {

  @Test
  void routesMatchingRequestsByTheSplitAndTheRestToPrimary() {
    // given: Flagger's A/B tutorial
    Canary canary =
        abCanary(
            "",
            """
            - headers:
                x-canary: {exact: insider}
            - headers:
                cookie: {regex: "^(.*?;)?(canary=always)(;.*)?$"}
            """);

    // when: the analysis has moved the matched traffic to the canary
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, new Routes(0, 100, false)));

    // then
    JsonNode http = vs.at("/spec/http");
    assertEquals(2, http.size());
    assertEquals(
        json(
            List.of(
                Map.of("headers", Map.of("x-canary", Map.of("exact", "insider"))),
                Map.of(
                    "headers",
                    Map.of("cookie", Map.of("regex", "^(.*?;)?(canary=always)(;.*)?$"))))),
        http.at("/0/match"));
    assertEquals(0, http.at("/0/route/0/weight").asInt());
    assertEquals(100, http.at("/0/route/1/weight").asInt());
    assertFalse(http.get(1).has("match"), http.toString());
    assertEquals(1, http.at("/1/route").size());
    assertEquals("podinfo-primary", http.at("/1/route/0/destination/host").asText());
    assertEquals(100, http.at("/1/route/0/weight").asInt());
  }

  @Test
  void combinesEveryAbConditionWithEveryServiceCondition() {
    // given
    Canary canary =
        abCanary(
            """
                match:
                  - uri: {prefix: /api}
                  - uri: {prefix: /v2/api}
            """,
            """
            - headers:
                x-canary: {exact: insider}
            - sourceLabels: {app: tester}
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    JsonNode canaryMatch = vs.at("/spec/http/0/match");
    assertEquals(4, canaryMatch.size());
    assertEquals("/api", canaryMatch.at("/0/uri/prefix").asText());
    assertEquals("insider", canaryMatch.at("/0/headers/x-canary/exact").asText());
    assertEquals("/v2/api", canaryMatch.at("/1/uri/prefix").asText());
    assertEquals("insider", canaryMatch.at("/1/headers/x-canary/exact").asText());
    assertEquals("tester", canaryMatch.at("/2/sourceLabels/app").asText());
    assertEquals("/v2/api", canaryMatch.at("/3/uri/prefix").asText());
    assertEquals(
        json(
            List.of(
                Map.of("uri", Map.of("prefix", "/api")),
                Map.of("uri", Map.of("prefix", "/v2/api")))),
        vs.at("/spec/http/1/match"));
  }

  @Test
  void keepsTheServiceHeaderConditionsAndTheAbQueryParameters() {
    // given: both the service and the A/B condition match on headers
    Canary canary =
        abCanary(
            """
                match:
                  - headers:
                      x-tenant: {exact: acme}
                      x-canary: {exact: never}
            """,
            """
            - headers:
                x-canary: {exact: insider}
              queryParams:
                beta: {exact: "true"}
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then: a request must meet both; the A/B value wins on the same header
    JsonNode match = vs.at("/spec/http/0/match/0");
    assertEquals("acme", match.at("/headers/x-tenant/exact").asText());
    assertEquals("insider", match.at("/headers/x-canary/exact").asText());
    assertEquals("true", match.at("/queryParams/beta/exact").asText());
  }

  @Test
  void turnsAHeaderSuffixIntoAnAnchoredRegex() {
    // given: Istio's StringMatch has no suffix
    Canary canary =
        abCanary(
            "",
            """
            - headers:
                user-agent: {suffix: "(iPhone)"}
                x-mail: {suffix: ".example.com"}
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    JsonNode headers = vs.at("/spec/http/0/match/0/headers");
    assertEquals(json(Map.of("regex", ".*\\(iPhone\\)")), headers.get("user-agent"));
    assertEquals(json(Map.of("regex", ".*\\.example\\.com")), headers.get("x-mail"));
    // and the regex means "ends with" (RE2 and java.util.regex agree on this syntax)
    assertTrue("Mozilla/5.0 (iPhone)".matches(headers.at("/user-agent/regex").asText()));
    assertFalse("Mozilla/5.0 (iPhone) Safari".matches(headers.at("/user-agent/regex").asText()));
    assertFalse("a@exampleXcom".matches(headers.at("/x-mail/regex").asText()));
  }

  @Test
  void aSuffixAsFlaggerWritesItWouldNotSurviveTheApiServer() {
    // given: the built object with the header match Flagger would write instead
    Canary canary = abCanary("", "- headers: {x-mail: {suffix: .example.com}}");
    ObjectNode vs = (ObjectNode) json(VirtualServiceModel.desired(canary, Routes.allToPrimary()));
    ((ObjectNode) vs.at("/spec/http/0/match/0/headers"))
        .putObject("x-mail")
        .put("suffix", ".example.com");

    // when
    List<String> errors = IstioFixtures.ISTIO_SCHEMA.validate(vs);

    // then: the field would be pruned, leaving a match on the header's mere presence
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).startsWith("$.spec.http[0].match[0].headers['x-mail']"), errors.toString());
  }

  @Test
  void doesNotMirrorInAnAbTest() {
    // given
    Canary canary = abCanary("", "- headers: {x-canary: {exact: insider}}");
    canary.getSpec().getAnalysis().setMirror(true);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, new Routes(100, 0, true)));

    // then
    assertFalse(vs.at("/spec/http/0").has("mirror"), vs.toString());
    assertFalse(vs.at("/spec/http/1").has("mirror"), vs.toString());
  }

  @Test
  void givesBothRoutesThePassThroughSettings() {
    // given
    Canary canary =
        abCanary(
            """
                timeout: 5s
                retries: {attempts: 3, perTryTimeout: 1s}
            """,
            "- headers: {x-canary: {exact: insider}}");

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    for (JsonNode http : vs.at("/spec/http")) {
      assertEquals("5s", http.get("timeout").asText());
      assertEquals(3, http.at("/retries/attempts").asInt());
    }
  }

  /** An A/B canary; {@code serviceExtra} is indented under {@code service}, {@code match} YAML. */
  private static Canary abCanary(String serviceExtra, String match) {
    String indentedMatch = match.strip().replace("\n", "\n      ");
    return canary(
        """
        metadata: {name: podinfo, namespace: test}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service:
            port: 9898
        %s
          analysis:
            interval: 1m
            iterations: 10
            match:
              %s
        """
            .formatted(serviceExtra.stripTrailing(), indentedMatch));
  }
}

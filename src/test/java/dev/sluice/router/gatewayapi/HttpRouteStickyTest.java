package dev.sluice.router.gatewayapi;

import static dev.sluice.router.gatewayapi.GatewayApiFixtures.json;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.podinfo;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.validJson;
import static dev.sluice.router.gatewayapi.HttpRouteModelTest.backend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.traffic.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session affinity on the HTTPRoute: sticky rules, cookies set by backends, expired cookies. */
class HttpRouteStickyTest {

  private static final String STICKY =
      "stepWeight: 10\nsessionAffinity:\n  cookieName: flagger-cookie\n  maxAge: 7200\n";

  private static Canary running(String analysis) {
    Canary canary = podinfo("", analysis);
    CanaryStatus status = new CanaryStatus();
    status.setLastAppliedSpec("rev-2");
    status.setSessionAffinityCookie("flagger-cookie=run2");
    status.setPreviousSessionAffinityCookie("flagger-cookie=run1");
    canary.setStatus(status);
    return canary;
  }

  private static JsonNode rules(Canary canary, Routes routes) {
    return validJson(HttpRouteModel.desired(canary, routes, "v1")).at("/spec/rules");
  }

  @Test
  void whileTheCanaryHasWeightItsCookieHoldersStayOnIt() {
    // given a run whose cookie is in the status
    Canary canary = running(STICKY);

    // when the canary gets 10%
    JsonNode rules = rules(canary, Routes.weighted(10));

    // then: the previous run's cookie expires, the run's cookie goes to the canary, then the split
    assertEquals(3, rules.size());
    assertEquals(".*flagger-cookie=run2.*", rules.at("/1/matches/0/headers/0/value").asText());
    assertEquals("Cookie", rules.at("/1/matches/0/headers/0/name").asText());
    assertEquals(json(List.of(backend("podinfo-canary", 100))), rules.at("/1/backendRefs"));
    JsonNode split = rules.at("/2/backendRefs");
    assertEquals(10, split.at("/1/weight").asInt());
    assertEquals(
        json(List.of(Map.of("name", "Set-Cookie", "value", "flagger-cookie=run2; Max-Age=7200"))),
        split.at("/1/filters/0/responseHeaderModifier/add"));
    assertFalse(split.get(0).has("filters"), "without primaryCookieName the primary sets none");
  }

  @Test
  void thePreviousRunsCookieIsDeletedOnTheWayToThePrimary() {
    Canary canary = running(STICKY);

    JsonNode expiry = rules(canary, Routes.weighted(10)).get(0);

    assertEquals(".*flagger-cookie=run1.*", expiry.at("/matches/0/headers/0/value").asText());
    assertEquals(json(List.of(backend("podinfo-primary", 100))), expiry.at("/backendRefs"));
    assertEquals(
        json(List.of(Map.of("name", "Set-Cookie", "value", "flagger-cookie=run1; Max-Age=-1"))),
        expiry.at("/filters/0/responseHeaderModifier/add"));
  }

  @Test
  void atWeightZeroEveryCookieOfTheNameIsDeletedAndNoneIsSet() {
    // given a run that ended (promoted or rolled back): the canary is back at weight 0
    Canary canary = running(STICKY);

    // when
    JsonNode rules = rules(canary, Routes.allToPrimary());

    // then one rule matches both runs' cookies and deletes the name; the split sets nothing
    assertEquals(2, rules.size());
    JsonNode matches = rules.at("/0/matches");
    assertEquals(2, matches.size());
    assertEquals(".*flagger-cookie=run2.*", matches.at("/0/headers/0/value").asText());
    assertEquals(".*flagger-cookie=run1.*", matches.at("/1/headers/0/value").asText());
    assertEquals(json(List.of(backend("podinfo-primary", 100))), rules.at("/0/backendRefs"));
    assertFalse(rules.at("/1/backendRefs/1").has("filters"));
  }

  @Test
  void aPrimaryCookiePinsPrimaryUsersForOneIntervalAndChangesEachStep() {
    // given
    Canary canary = running(STICKY + "  primaryCookieName: flagger-primary\n");

    // when
    JsonNode atTen = rules(canary, Routes.weighted(10));
    JsonNode atTwenty = rules(canary, Routes.weighted(20));

    // then: expiry, canary cookie, primary cookie, split; the primary's backend sets its cookie
    assertEquals(4, atTen.size());
    String pattern = atTen.at("/2/matches/0/headers/0/value").asText();
    assertTrue(pattern.startsWith(".*flagger-primary="), pattern);
    assertEquals(json(List.of(backend("podinfo-primary", 100))), atTen.at("/2/backendRefs"));
    String setCookie =
        atTen.at("/3/backendRefs/0/filters/0/responseHeaderModifier/add/0/value").asText();
    String cookie = pattern.substring(2, pattern.length() - 2);
    assertEquals(cookie + "; Max-Age=60", setCookie, "lives one analysis interval (1m)");
    assertNotEquals(
        pattern, atTwenty.at("/2/matches/0/headers/0/value").asText(), "a new cookie each step");
    assertEquals(atTen, rules(canary, Routes.weighted(10)), "the same on every tick of a step");
  }

  @Test
  void theCookieConditionJoinsTheServicesOwnHeaderConditions() {
    Canary canary = running(STICKY);
    canary =
        podinfo("match:\n  - uri: {prefix: /api}\n    headers: {x-tenant: {exact: a}}\n", STICKY);
    canary.setStatus(running(STICKY).getStatus());

    JsonNode sticky = rules(canary, Routes.weighted(10)).get(1);

    JsonNode headers = sticky.at("/matches/0/headers");
    assertEquals(2, headers.size(), headers.toString());
    assertEquals("x-tenant", headers.at("/0/name").asText());
    assertEquals("Cookie", headers.at("/1/name").asText());
    assertEquals("/api", sticky.at("/matches/0/path/value").asText());
  }

  @Test
  void aServiceResponseHeaderFilterTakesTheDeletionInsteadOfASecondFilter() {
    Canary canary = podinfo("headers:\n  response:\n    add: {x-served-by: sluice}\n", STICKY);
    canary.setStatus(running(STICKY).getStatus());

    JsonNode filters = rules(canary, Routes.weighted(10)).at("/0/filters");

    assertEquals(1, filters.size(), "Gateway API allows one ResponseHeaderModifier per rule");
    assertEquals(
        json(
            List.of(
                Map.of("name", "x-served-by", "value", "sluice"),
                Map.of("name", "Set-Cookie", "value", "flagger-cookie=run1; Max-Age=-1"))),
        filters.at("/0/responseHeaderModifier/add"));
  }

  @Test
  void theSplitIsReadBackPastEveryStickyRule() {
    Canary canary = running(STICKY + "  primaryCookieName: flagger-primary\n");

    assertEquals(
        java.util.Optional.of(Routes.weighted(30)),
        HttpRouteWeights.read(
            canary,
            GatewayApiFixtures.fromServer(
                HttpRouteModel.desired(canary, Routes.weighted(30), "v1"))));
  }
}

package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.fromServer;
import static dev.sluice.router.istio.IstioFixtures.json;
import static dev.sluice.router.istio.IstioFixtures.sticky;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.HeaderOperations;
import dev.sluice.api.v1beta1.Headers;
import dev.sluice.traffic.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Session affinity on the VirtualService: sticky routes, cookies set by destinations, expiry. */
class IstioSessionAffinityTest {

  private static JsonNode http(Canary canary, Routes routes) {
    return validJson(VirtualServiceModel.desired(canary, routes)).at("/spec/http");
  }

  private static List<String> names(JsonNode http) {
    List<String> names = new ArrayList<>();
    http.forEach(route -> names.add(route.path("name").asText()));
    return names;
  }

  private static Map<String, Object> destination(String host, int weight) {
    return Map.of("destination", Map.of("host", host), "weight", weight);
  }

  @Test
  void whileTheCanaryHasWeightItsCookieHoldersGoToTheCanary() {
    // given a run whose cookies the run start recorded
    Canary canary = sticky(null);

    // when the canary gets 10%
    JsonNode http = http(canary, Routes.weighted(10));

    // then
    assertEquals(
        List.of("sluice-expire-flagger-cookie", "sluice-sticky-canary", "sluice-split"),
        names(http));
    JsonNode sticky = http.get(1);
    assertEquals(
        json(
            List.of(
                Map.of("headers", Map.of("cookie", Map.of("regex", ".*flagger-cookie=run2.*"))))),
        sticky.get("match"));
    assertEquals(json(List.of(destination("podinfo-canary", 100))), sticky.get("route"));
    JsonNode split = http.at("/2/route");
    assertEquals(90, split.at("/0/weight").asInt());
    assertFalse(split.get(0).has("headers"), "without primaryCookieName the primary sets none");
    assertEquals(
        json(
            Map.of(
                "response",
                Map.of("add", Map.of("Set-Cookie", "flagger-cookie=run2; Max-Age=86400")))),
        split.at("/1/headers"),
        "the canary's responses set the run's cookie, for a day by default");
  }

  @Test
  void thePreviousRunsCookieIsDeletedByARouteToThePrimary() {
    Canary canary = sticky(null);

    JsonNode expiry = http(canary, Routes.weighted(10)).get(0);

    assertEquals(
        json(
            List.of(
                Map.of("headers", Map.of("cookie", Map.of("regex", ".*flagger-cookie=run1.*"))))),
        expiry.get("match"));
    assertEquals(json(List.of(destination("podinfo-primary", 100))), expiry.get("route"));
    assertEquals(
        json(
            Map.of(
                "response",
                Map.of("add", Map.of("Set-Cookie", "flagger-cookie=run1; Max-Age=-1")))),
        expiry.get("headers"));
  }

  @Test
  void onceTheRunIsOverBothCookiesAreDeletedAndNoneIsSet() {
    // given the run promoted or rolled back: the canary is back at weight 0
    Canary canary = sticky(null);

    // when
    JsonNode http = http(canary, Routes.allToPrimary());

    // then one route matches either cookie and deletes the name; nobody is pinned any more
    assertEquals(List.of("sluice-expire-flagger-cookie", "sluice-split"), names(http));
    assertEquals(2, http.at("/0/match").size());
    assertEquals(".*flagger-cookie=run2.*", http.at("/0/match/0/headers/cookie/regex").asText());
    assertEquals(".*flagger-cookie=run1.*", http.at("/0/match/1/headers/cookie/regex").asText());
    assertEquals(
        "flagger-cookie=run2; Max-Age=-1", http.at("/0/headers/response/add/Set-Cookie").asText());
    assertFalse(http.at("/1/route/1").has("headers"));
  }

  @Test
  void aPrimaryCookiePinsPrimaryUsersForOneIntervalAndChangesWithEachStep() {
    // given
    Canary canary = sticky("flagger-primary");
    canary.getSpec().getAnalysis().setInterval("2m");

    // when
    JsonNode atTen = http(canary, Routes.weighted(10));
    JsonNode atTwenty = http(canary, Routes.weighted(20));

    // then
    assertEquals(
        List.of(
            "sluice-expire-flagger-cookie",
            "sluice-sticky-canary",
            "sluice-sticky-primary",
            "sluice-split"),
        names(atTen));
    String pattern = atTen.at("/2/match/0/headers/cookie/regex").asText();
    assertTrue(pattern.startsWith(".*flagger-primary="), pattern);
    assertEquals(json(List.of(destination("podinfo-primary", 100))), atTen.at("/2/route"));
    String cookie = pattern.substring(2, pattern.length() - 2);
    assertEquals(
        cookie + "; Max-Age=120",
        atTen.at("/3/route/0/headers/response/add/Set-Cookie").asText(),
        "the primary cookie lives one analysis interval");
    assertNotEquals(pattern, atTwenty.at("/2/match/0/headers/cookie/regex").asText());
    assertEquals(atTen, http(canary, Routes.weighted(10)), "every tick of a step says the same");
  }

  @Test
  void cookieAttributesAreSetAndTheDeletionNamesTheDomainAndPath() {
    Canary canary = sticky(null);
    var affinity = canary.getSpec().getAnalysis().getSessionAffinity();
    affinity.setMaxAge(600);
    affinity.setDomain("example.com");
    affinity.setPath("/app");
    affinity.setSameSite("Strict");
    affinity.setHttpOnly(true);
    affinity.setSecure(true);

    JsonNode http = http(canary, Routes.weighted(10));

    assertEquals(
        "flagger-cookie=run2; Max-Age=600; Domain=example.com; Path=/app; SameSite=Strict;"
            + " HttpOnly; Secure",
        http.at("/2/route/1/headers/response/add/Set-Cookie").asText());
    assertEquals(
        "flagger-cookie=run1; Max-Age=-1; Domain=example.com; Path=/app",
        http.at("/0/headers/response/add/Set-Cookie").asText(),
        "a browser deletes only the cookie of the same domain and path");
  }

  @Test
  void theServicesHeadersAndMatchCarryOverToTheStickyRoutes() {
    // given a service that adds a response header and matches /api with a tenant header
    Canary canary = sticky(null);
    HeaderOperations response = new HeaderOperations();
    response.setAdd(Map.of("x-served-by", "sluice"));
    Headers headers = new Headers();
    headers.setResponse(response);
    canary.getSpec().getService().setHeaders(headers);
    canary
        .getSpec()
        .getService()
        .setMatch(
            IstioFixtures.canary(
                    """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: test}
                spec:
                  service:
                    port: 9898
                    match:
                      - uri: {prefix: /api}
                        headers: {x-tenant: {exact: a}}
                """)
                .getSpec()
                .getService()
                .getMatch());

    // when
    JsonNode http = http(canary, Routes.weighted(10));

    // then
    assertEquals(
        json(Map.of("x-served-by", "sluice", "Set-Cookie", "flagger-cookie=run1; Max-Age=-1")),
        http.at("/0/headers/response/add"));
    JsonNode stickyMatch = http.at("/1/match/0");
    assertEquals("/api", stickyMatch.at("/uri/prefix").asText());
    assertEquals("a", stickyMatch.at("/headers/x-tenant/exact").asText());
    assertEquals(".*flagger-cookie=run2.*", stickyMatch.at("/headers/cookie/regex").asText());
  }

  @Test
  void theSplitIsReadBackPastTheStickyRoutes() {
    Canary canary = sticky("flagger-primary");

    assertEquals(
        Optional.of(Routes.weighted(30)),
        VirtualServiceWeights.read(
            canary, fromServer(VirtualServiceModel.desired(canary, Routes.weighted(30)))));
  }
}

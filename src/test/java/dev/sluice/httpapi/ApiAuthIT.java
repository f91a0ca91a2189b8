package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiCalls.annotations;
import static dev.sluice.httpapi.ApiCalls.json;
import static dev.sluice.httpapi.ApiCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.controller.CanaryController;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.KubeAccessFake;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route of the HTTP API that reads or changes a canary authenticates its caller with a
 * TokenReview and authorizes it per canary with a SubjectAccessReview, loopback callers included:
 * the mock API server answers the reviews as RBAC would ({@link KubeAccessFake}).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ApiAuthIT {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @Inject KubernetesClient client;
  @Inject ClusterCache cache;
  @Inject CanaryController controller;

  @TestHTTPResource("/")
  URI application;

  ClusterFixture team;
  ClusterFixture otherTeam;
  ApiCalls api;
  String podinfo;

  @BeforeEach
  void givenTwoTeamsCanaries() {
    controller.start(); // the list of canaries is served from its informers
    int n = NAMESPACES.incrementAndGet();
    team = new ClusterFixture(client, cache, "auth-team-" + n);
    team.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    otherTeam = new ClusterFixture(client, cache, "auth-other-" + n);
    otherTeam.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    api = new ApiCalls(application);
    podinfo = "/api/v1/namespaces/" + team.namespace + "/canaries/podinfo";
  }

  @Test
  void withoutAValidBearerTokenEveryRouteThatTouchesACanaryIs401AndChangesNothing() {
    String gateBody = payload(team.namespace, "podinfo");
    for (String authorization :
        Arrays.asList(null, "Bearer ", "Bearer not-a-kubernetes-token", "Basic abc", "x")) {
      for (String path :
          List.of(
              "/gate/open",
              "/gate/close",
              "/rollback/open",
              "/rollback/close",
              podinfo + "/abort")) {
        HttpResponse<String> response = api.post(path, gateBody, authorization);

        assertEquals(401, response.statusCode(), path + " with " + authorization);
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
      }
      for (String path : List.of(podinfo, "/api/v1/canaries")) {
        assertEquals(401, api.get(path, authorization).statusCode(), path);
      }
    }
    assertTrue(annotations(team, "podinfo").isEmpty(), "nothing written");
  }

  @Test
  void aCallerWhoMayNotPatchTheCanaryGets403AndTheCanaryIsNotAborted() {
    String token = KubeAccessFake.token("intruder", "*@" + otherTeam.namespace, "get@*");

    HttpResponse<String> abort = api.post(podinfo + "/abort", "", "Bearer " + token);
    HttpResponse<String> open =
        api.post("/gate/open", payload(team.namespace, "podinfo"), "Bearer " + token);

    assertEquals(403, abort.statusCode(), abort.body());
    assertEquals(
        "intruder may not patch canaries/podinfo in namespace " + team.namespace + "\n",
        abort.body());
    assertEquals(403, open.statusCode(), open.body());
    assertFalse(annotations(team, "podinfo").containsKey(ControlAnnotations.REQUEST));
    assertFalse(annotations(team, "podinfo").containsKey(ControlAnnotations.GATE));
  }

  @Test
  void aCallerAllowedToPatchTheCanaryAbortsItAndOpensItsGate() {
    String token = KubeAccessFake.token("alice", "patch@" + team.namespace);

    HttpResponse<String> abort = api.post(podinfo + "/abort", "", "Bearer " + token);
    HttpResponse<String> open =
        api.post("/gate/open", payload(team.namespace, "podinfo"), "Bearer " + token);

    assertEquals(202, abort.statusCode(), abort.body());
    assertEquals(202, open.statusCode(), open.body());
    assertTrue(annotations(team, "podinfo").get(ControlAnnotations.REQUEST).startsWith("abort/"));
    assertEquals("open", annotations(team, "podinfo").get(ControlAnnotations.GATE));
  }

  @Test
  void readingACanaryNeedsGetOnIt() {
    String patchOnly = KubeAccessFake.token("writer", "patch@" + team.namespace);
    String reader = KubeAccessFake.token("reader", "get@" + team.namespace);

    HttpResponse<String> refused = api.get(podinfo, "Bearer " + patchOnly);
    HttpResponse<String> shown = api.get(podinfo, "Bearer " + reader);

    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals(200, shown.statusCode(), shown.body());
    assertEquals("podinfo", json(shown).get("name").asText());
  }

  @Test
  void theListShowsOnlyTheNamespacesTheCallerMayList() {
    String token = KubeAccessFake.token("alice", "list@" + team.namespace);
    team.awaitCacheSynced(); // the list is served from the informers

    otherTeam.awaitCacheSynced();

    HttpResponse<String> mine = api.get("/api/v1/canaries", "Bearer " + token);
    HttpResponse<String> theirs =
        api.get("/api/v1/canaries?namespace=" + otherTeam.namespace, "Bearer " + token);
    HttpResponse<String> everything = api.get("/api/v1/canaries", "Bearer " + KubeAccessFake.ADMIN);

    assertEquals(200, mine.statusCode(), mine.body());
    assertEquals(List.of(team.namespace), namespaces(json(mine)));
    assertEquals(403, theirs.statusCode(), theirs.body());
    assertTrue(
        namespaces(json(everything)).containsAll(List.of(team.namespace, otherTeam.namespace)),
        everything.body());
  }

  @Test
  void gateChecksStayOpenToWebhooksAndOnlyAnswerTheGatesState() {
    api.post("/gate/open", payload(team.namespace, "podinfo"), "Bearer " + KubeAccessFake.ADMIN);

    String body = payload(team.namespace, "podinfo");
    assertEquals(200, api.post("/gate/check", body, null).statusCode());
    assertEquals(403, api.post("/rollback/check", body, null).statusCode());
    assertEquals(200, api.post("/gate/approve", body, null).statusCode());
    assertEquals(403, api.post("/gate/halt", body, null).statusCode());
    assertEquals(List.of("sluice.dev/gate"), List.copyOf(annotations(team, "podinfo").keySet()));
  }

  @Test
  void tokensNeverAppearInTheLogWhileCallersDo() {
    String allowed = KubeAccessFake.token("alice", "patch@" + team.namespace);
    String refused = KubeAccessFake.token("mallory", "get@" + team.namespace);
    String unknown = "not-a-kubernetes-token-4711";

    try (LogCapture logs = LogCapture.everything()) {
      api.post(podinfo + "/abort", "", "Bearer " + allowed);
      api.post(podinfo + "/abort", "", "Bearer " + refused);
      api.post(podinfo + "/abort", "", "Bearer " + unknown);

      String all = logs.all();
      for (String token : List.of(allowed, refused, unknown)) {
        assertFalse(all.contains(token), "a token in the log:\n" + all);
      }
      assertTrue(all.contains("abort/") && all.contains("by alice"), all);
      assertTrue(all.contains("mallory may not patch canaries/podinfo"), all);
    }
  }

  private static List<String> namespaces(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(c -> c.get("namespace").asText())
        .distinct()
        .toList();
  }
}

package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiCalls.annotations;
import static dev.sluice.httpapi.ApiCalls.json;
import static dev.sluice.httpapi.ApiCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.controller.CanaryController;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime-control API, against the mock API server in CRUD mode. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ControlRoutesIT {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @Inject KubernetesClient client;
  @Inject ClusterCache cache;
  @Inject CanaryController controller;

  @TestHTTPResource("/")
  URI application;

  ClusterFixture cluster;
  ApiCalls api;
  String podinfo;

  @BeforeEach
  void givenACanary() {
    controller.start(); // the list of canaries is served from its informers
    cluster = new ClusterFixture(client, cache, "control-" + NAMESPACES.incrementAndGet());
    cluster.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    api = new ApiCalls(application);
    podinfo = "/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo";
  }

  @Test
  void aRequestIsWrittenToTheAnnotationWithAnIdOfItsOwn() {
    HttpResponse<String> first = api.post(podinfo + "/promote", "");
    String firstValue = annotations(cluster, "podinfo").get(ControlAnnotations.REQUEST);
    HttpResponse<String> second = api.post(podinfo + "/promote", "");
    String secondValue = annotations(cluster, "podinfo").get(ControlAnnotations.REQUEST);

    assertEquals(202, first.statusCode(), first.body());
    assertEquals(202, second.statusCode(), second.body());
    assertEquals(firstValue, json(first).get("request").asText());
    assertEquals(cluster.namespace + "/podinfo", json(first).get("canary").asText());
    assertEquals(secondValue, json(second).get("request").asText());
    assertTrue(firstValue.matches("promote/[0-9a-z]+-[0-9a-z]+"), firstValue);
    assertTrue(secondValue.startsWith("promote/"), secondValue);
    assertNotEquals(firstValue, secondValue);
  }

  @Test
  void everyActionIsAccepted() {
    for (String action : List.of("promote", "abort", "pause", "resume", "skip")) {
      HttpResponse<String> response = api.post(podinfo + "/" + action, "");

      assertEquals(202, response.statusCode(), action + ": " + response.body());
      assertTrue(
          annotations(cluster, "podinfo").get(ControlAnnotations.REQUEST).startsWith(action + "/"));
    }
  }

  @Test
  void anUnknownActionIs400NamingTheValidOnes() {
    HttpResponse<String> response = api.post(podinfo + "/rollback", "");

    assertEquals(400, response.statusCode());
    assertEquals(
        "unknown action rollback; valid: promote, abort, pause, resume, skip\n", response.body());
    assertFalse(annotations(cluster, "podinfo").containsKey(ControlAnnotations.REQUEST));
  }

  @Test
  void aMissingCanaryIs404() {
    String missing = "/api/v1/namespaces/" + cluster.namespace + "/canaries/nope";

    HttpResponse<String> request = api.post(missing + "/promote", "");
    HttpResponse<String> show = api.get(missing);

    assertEquals(404, request.statusCode());
    assertEquals("canary " + cluster.namespace + "/nope not found\n", request.body());
    assertEquals(404, show.statusCode());
    assertEquals(null, cluster.canary("nope"), "a request does not create a canary");
  }

  @Test
  void aCanaryShowsItsStoredStatusGatesAndPendingRequest() {
    givenStatus(
        Map.of(
            "phase",
            "Progressing",
            "canaryWeight",
            20,
            "iterations",
            0,
            "failedChecks",
            1,
            "conditions",
            List.of(Map.of("type", "Promoted", "status", "Unknown", "reason", "Progressing")),
            "control",
            Map.of("lastRequest", "pause/abc")));
    api.post("/gate/open", payload(cluster.namespace, "podinfo"));
    String request = json(api.post(podinfo + "/pause", "")).get("request").asText();

    HttpResponse<String> response = api.get(podinfo);

    assertEquals(200, response.statusCode(), response.body());
    JsonNode view = json(response);
    assertEquals(cluster.namespace, view.get("namespace").asText());
    assertEquals("podinfo", view.get("name").asText());
    assertEquals("Progressing", view.at("/status/phase").asText());
    assertEquals(20, view.at("/status/canaryWeight").asInt());
    assertEquals(1, view.at("/status/failedChecks").asInt());
    assertEquals("Promoted", view.at("/status/conditions/0/type").asText());
    assertEquals("pause/abc", view.at("/status/control/lastRequest").asText(), "unknown fields");
    assertTrue(view.get("gate").asBoolean());
    assertFalse(view.get("rollbackGate").asBoolean());
    assertEquals(request, view.get("request").asText());
  }

  @Test
  void theListShowsEveryCanaryOrOneNamespacesCanaries() {
    givenStatus(Map.of("phase", "Progressing", "canaryWeight", 30));
    ClusterFixture other =
        new ClusterFixture(client, cache, "control-other-" + NAMESPACES.incrementAndGet());
    other.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    cluster.awaitCacheSynced(); // the list is served from the informers
    other.awaitCacheSynced();

    JsonNode all = json(api.get("/api/v1/canaries"));
    HttpResponse<String> filtered = api.get("/api/v1/canaries?namespace=" + cluster.namespace);

    assertTrue(namespaces(all).containsAll(List.of(cluster.namespace, other.namespace)));
    assertEquals(200, filtered.statusCode());
    JsonNode only = json(filtered);
    assertEquals(1, only.size(), filtered.body());
    assertEquals(cluster.namespace, only.get(0).get("namespace").asText());
    assertEquals("podinfo", only.get(0).get("name").asText());
    assertEquals("Progressing", only.get(0).get("phase").asText());
    assertEquals(30, only.get(0).get("canaryWeight").asInt());
    JsonNode fresh =
        StreamSupport.stream(all.spliterator(), false)
            .filter(c -> c.get("namespace").asText().equals(other.namespace))
            .findFirst()
            .orElseThrow();
    assertTrue(fresh.get("phase").isNull(), "no status yet: " + fresh);
  }

  @Test
  void anInvalidNamespaceIs400() {
    HttpResponse<String> response = api.get("/api/v1/canaries?namespace=Bad_Name");

    assertEquals(400, response.statusCode());
    assertEquals("namespace is not a valid Kubernetes name: Bad_Name\n", response.body());
  }

  private void givenStatus(Map<String, Object> status) {
    var canaries =
        client
            .genericKubernetesResources(CanaryAnnotations.API_VERSION, "Canary")
            .inNamespace(cluster.namespace);
    GenericKubernetesResource stored = canaries.withName("podinfo").get();
    stored.setAdditionalProperty("status", status);
    canaries.resource(stored).updateStatus();
  }

  private static List<String> namespaces(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(c -> c.get("namespace").asText())
        .toList();
  }
}

package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiCalls.annotations;
import static dev.sluice.httpapi.ApiCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load-tester-compatible gates, against the mock API server in CRUD mode. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class GateRoutesIT {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @Inject KubernetesClient client;
  @Inject ClusterCache cache;

  @TestHTTPResource("/")
  URI application;

  ClusterFixture cluster;
  ApiCalls api;
  String podinfo;

  @BeforeEach
  void givenACanary() {
    cluster = new ClusterFixture(client, cache, "gates-" + NAMESPACES.incrementAndGet());
    cluster.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    api = new ApiCalls(application);
    podinfo = payload(cluster.namespace, "podinfo");
  }

  @Test
  void approveAlwaysPassesAndHaltAlwaysFails() {
    assertEquals(200, api.post("/gate/approve", podinfo).statusCode());
    assertEquals(403, api.post("/gate/halt", podinfo).statusCode());
  }

  @Test
  void aGateIsClosedUntilOpenedAndStaysOpenUntilClosed() {
    assertEquals(403, api.post("/gate/check", podinfo).statusCode());

    HttpResponse<String> opened = api.post("/gate/open", podinfo);

    assertEquals(202, opened.statusCode(), opened.body());
    assertEquals("open", annotations(cluster, "podinfo").get(ControlAnnotations.GATE));
    assertEquals(200, api.post("/gate/check", podinfo).statusCode());
    assertEquals(200, api.post("/gate/check", podinfo).statusCode(), "a check does not close it");

    HttpResponse<String> closed = api.post("/gate/close", podinfo);

    assertEquals(202, closed.statusCode(), closed.body());
    assertFalse(annotations(cluster, "podinfo").containsKey(ControlAnnotations.GATE));
    assertEquals(403, api.post("/gate/check", podinfo).statusCode());
    assertEquals(202, api.post("/gate/close", podinfo).statusCode(), "closing twice is fine");
  }

  @Test
  void theRollbackGateIsSeparateFromTheManualGate() {
    assertEquals(403, api.post("/rollback/check", podinfo).statusCode());

    assertEquals(202, api.post("/rollback/open", podinfo).statusCode());

    Map<String, String> annotations = annotations(cluster, "podinfo");
    assertEquals("open", annotations.get(ControlAnnotations.ROLLBACK_GATE));
    assertFalse(annotations.containsKey(ControlAnnotations.GATE));
    assertEquals(200, api.post("/rollback/check", podinfo).statusCode());
    assertEquals(403, api.post("/gate/check", podinfo).statusCode());

    assertEquals(202, api.post("/rollback/close", podinfo).statusCode());

    assertFalse(annotations(cluster, "podinfo").containsKey(ControlAnnotations.ROLLBACK_GATE));
    assertEquals(403, api.post("/rollback/check", podinfo).statusCode());
  }

  @Test
  void closingRemovesOnlyTheGateAndKeepsSpecAndOtherAnnotations() {
    client
        .resources(Canary.class)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            c -> {
              c.getMetadata().setAnnotations(Map.of("team", "checkout"));
              return c;
            });
    Canary before = cluster.canary("podinfo");
    api.post("/gate/open", podinfo);
    api.post("/rollback/open", podinfo);

    api.post("/gate/close", podinfo);

    Canary after = cluster.canary("podinfo");
    assertEquals(
        Map.of("team", "checkout", ControlAnnotations.ROLLBACK_GATE, "open"),
        after.getMetadata().getAnnotations());
    assertEquals(
        client.getKubernetesSerialization().asJson(before.getSpec()),
        client.getKubernetesSerialization().asJson(after.getSpec()));
  }

  @Test
  void aMissingCanaryIsAFailingGateThatSaysSo() {
    String missing = payload(cluster.namespace, "nope");

    HttpResponse<String> check = api.post("/gate/check", missing);
    HttpResponse<String> open = api.post("/gate/open", missing);

    assertEquals(404, check.statusCode());
    assertEquals("canary " + cluster.namespace + "/nope not found\n", check.body());
    assertEquals(404, open.statusCode());
    assertEquals(404, api.post("/rollback/check", missing).statusCode());
    assertTrue(cluster.canary("nope") == null, "open does not create a canary");
  }

  @Test
  void aBodyThatNamesNoCanaryIs400WithAOneLineReason() {
    Map<String, String> bodies =
        Map.of(
            "{not json",
            "body is not JSON",
            "[1,2]",
            "body must be a JSON object",
            "",
            "body must be a JSON object",
            "{\"namespace\":\"" + cluster.namespace + "\"}",
            "body has no name",
            "{\"name\":\"podinfo\"}",
            "body has no namespace",
            "{\"name\":\"../x\",\"namespace\":\"default\"}",
            "name is not a valid Kubernetes name");

    bodies.forEach(
        (body, reason) -> {
          for (String path : new String[] {"/gate/check", "/gate/open", "/rollback/close"}) {
            HttpResponse<String> response = api.post(path, body);
            assertEquals(400, response.statusCode(), path + " " + body);
            assertTrue(response.body().startsWith(reason), response.body());
            assertEquals(1, response.body().lines().count(), response.body());
          }
        });
    assertTrue(annotations(cluster, "podinfo").isEmpty());
  }
}

package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiCalls.annotations;
import static dev.sluice.httpapi.ApiCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.KubeAccessFake;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The development-only {@code sluice.api.auth=static-token}: every route that touches a canary
 * needs {@code sluice.api.token}, which allows everything; gate checks need nothing.
 */
@QuarkusTest
@TestProfile(ApiTokenIT.WithToken.class)
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ApiTokenIT {
  static final String TOKEN = "s3cret-token";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** The only extra profile of the suite: each one restarts Quarkus. */
  public static class WithToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sluice.api.auth", "static-token", "sluice.api.token", TOKEN);
    }
  }

  @Inject KubernetesClient client;
  @Inject ClusterCache cache;

  @TestHTTPResource("/")
  URI application;

  ClusterFixture cluster;
  ApiCalls api;
  String podinfo;
  List<String> mutating;
  String control;

  @BeforeEach
  void givenACanary() {
    cluster = new ClusterFixture(client, cache, "token-" + NAMESPACES.incrementAndGet());
    cluster.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
    api = new ApiCalls(application);
    podinfo = payload(cluster.namespace, "podinfo");
    control = "/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo";
    mutating =
        List.of(
            "/gate/open",
            "/gate/close",
            "/rollback/open",
            "/rollback/close",
            control + "/promote",
            control + "/unknown-action");
  }

  @Test
  void aMissingOrWrongTokenIs401AndChangesNothing() {
    for (String authorization :
        Arrays.asList(
            null,
            "Bearer wrong",
            "Bearer " + TOKEN + "x",
            "Basic " + TOKEN,
            TOKEN,
            "Bearer " + KubeAccessFake.ADMIN)) {
      for (String path : mutating) {
        HttpResponse<String> response = api.post(path, podinfo, authorization);

        assertEquals(401, response.statusCode(), path + " with " + authorization);
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
      }
      assertEquals(401, api.get(control, authorization).statusCode());
      assertEquals(401, api.get("/api/v1/canaries", authorization).statusCode());
    }
    assertTrue(annotations(cluster, "podinfo").isEmpty(), "nothing written");
  }

  @Test
  void theRightTokenOpensTheGateAndRequests() {
    HttpResponse<String> open = api.post("/gate/open", podinfo, "Bearer " + TOKEN);
    HttpResponse<String> request =
        api.post(
            "/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo/abort",
            "",
            "bearer " + TOKEN);

    assertEquals(202, open.statusCode(), open.body());
    assertEquals(202, request.statusCode(), request.body());
    Map<String, String> annotations = annotations(cluster, "podinfo");
    assertEquals("open", annotations.get(ControlAnnotations.GATE));
    assertTrue(annotations.get(ControlAnnotations.REQUEST).startsWith("abort/"));
  }

  @Test
  void checksAndApprovalsNeedNoTokenReadsNeedIt() {
    api.post("/gate/open", podinfo, "Bearer " + TOKEN);

    assertEquals(200, api.post("/gate/check", podinfo, null).statusCode());
    assertEquals(403, api.post("/rollback/check", podinfo, null).statusCode());
    assertEquals(200, api.post("/gate/approve", podinfo, null).statusCode());
    assertEquals(403, api.post("/gate/halt", podinfo, null).statusCode());
    assertEquals(200, api.get(control, "Bearer " + TOKEN).statusCode());
    assertEquals(200, api.get("/api/v1/canaries", "Bearer " + TOKEN).statusCode());
  }
}

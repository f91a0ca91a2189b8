package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.KubeAccessFake;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on Sluice's own HTTP server: a canary's gate and rollback webhooks point at
 * Sluice's {@code /gate/check} and {@code /rollback/check}; a person opens them and makes requests
 * through the HTTP API; the controller acts on what the cluster holds.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ServedGatesIT extends ControllerTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URI sluice;

  @Test
  void aPersonOpensTheGatesThatHoldTheRunAndRollsBackThroughTheRollbackGate() throws Exception {
    // given a canary gated before the run and before promotion by Sluice's own gate
    givenGatedCanary();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");

    // when a new revision arrives, it waits at the closed gate
    tick();
    assertEquals(CanaryPhase.Waiting, phase());
    assertTrue(statusCondition("Ready").getMessage().contains("403"), "the gate's answer");

    // when a person opens the gate, the run starts and goes through to promotion
    assertEquals(202, post("/gate/open", payload()).statusCode());
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    cluster.markReady("podinfo");
    for (int i = 0; i < 6 && phase() == CanaryPhase.Progressing; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Promoting, phase(), "the open gate also confirms promotion");
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());

    // when the next revision runs with the gate still open and the rollback gate is opened
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.2");
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(10, weight());
    assertEquals(202, post("/rollback/open", payload()).statusCode());
    tick();

    // then the run is rolled back and the rollback gate closed behind it
    assertEquals(CanaryPhase.Failed, phase());
    assertTrue(cluster.events("manual webhook invoked") >= 1);
    assertNull(
        cluster
            .canary("podinfo")
            .getMetadata()
            .getAnnotations()
            .get(ControlAnnotations.ROLLBACK_GATE));
    assertEquals(403, post("/rollback/check", payload()).statusCode());
  }

  @Test
  void aTenantsEventWebhookOnLoopbackCannotAbortAnotherTeamsCanary() {
    // given another team's canary, and a tenant's canary whose event webhook points at Sluice's
    // control API on loopback, asking to abort the other team's canary
    givenGatedCanary();
    String victim = "/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo/abort";
    ClusterFixture tenant = new ClusterFixture(client, cache, cluster.namespace + "-tenant");
    tenant.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);
    tenant.createCanary(
        "/canaries/podinfo-istio.yaml",
        c -> {
          c.getSpec().getAnalysis().setWebhooks(List.of(hook("abuse", "event", victim)));
          return c;
        });

    try (LogCapture logs = LogCapture.open()) {
      // when a tick of the tenant's canary records events, which go to its event webhook
      tenant.awaitCacheSynced();
      ticker.tick(tenant.namespace, "podinfo");

      // then Sluice's own call is refused before it is sent (the address is Sluice's own API;
      // were it sent, it would be refused for want of credentials), and nothing is aborted
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !logs.warnings(tenant.namespace + "/podinfo event not delivered").isEmpty());
      String warning = logs.warnings("event not delivered").get(0);
      assertTrue(
          warning.contains("not sent, refused") && warning.contains("is Sluice's own API"),
          warning);
    }
    var annotations = cluster.canary("podinfo").getMetadata().getAnnotations();
    assertNull(annotations == null ? null : annotations.get(ControlAnnotations.REQUEST));
  }

  @Test
  void aPromoteMadeThroughTheApiIsCarriedOutAtOnce() throws Exception {
    givenGatedCanary();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    assertEquals(CanaryPhase.Waiting, phase());

    var response =
        post("/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo/promote", "");
    assertEquals(202, response.statusCode());
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");

    assertEquals(CanaryPhase.Promoting, phase());
    var control = cluster.canary("podinfo").getStatus().getControl();
    assertTrue(response.body().contains(control.getLastRequest()), response.body());
    assertEquals("Applied", control.getLastRequestOutcome());
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));
  }

  private void givenGatedCanary() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec()
              .getAnalysis()
              .setWebhooks(
                  List.of(
                      hook("approve-start", "confirm-rollout", "/gate/check"),
                      hook("approve-promotion", "confirm-promotion", "/gate/check"),
                      hook("stop", "rollback", "/rollback/check")));
          return c;
        });
  }

  private CanaryWebhook hook(String name, String type, String path) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName(name);
    hook.setType(type);
    hook.setUrl(sluice.resolve(path).toString());
    hook.setTimeout("5s");
    return hook;
  }

  private String payload() {
    return "{\"name\":\"podinfo\",\"namespace\":\"" + cluster.namespace + "\"}";
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(sluice.resolve(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + KubeAccessFake.token("person", "patch@*"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

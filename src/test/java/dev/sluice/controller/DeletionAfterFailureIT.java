package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting a Canary whose last run failed: the target still holds the rejected revision, so handing
 * traffic back to it would put that revision into production. Deletion waits, saying why, until the
 * target is back at the promoted revision (or gone).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class DeletionAfterFailureIT extends ControllerTestBase {
  private static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.0";

  @Test
  void deletingAFailedCanaryNeverRoutesToTheRejectedRevisionAndGoesOnceTheTargetIsReverted() {
    // given a run of 6.0.1 that was aborted: the primary serves 6.0.0, the target holds 6.0.1
    givenFailedRun();

    // when the Canary is deleted
    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();
    cluster.markReady("podinfo");
    tick();
    tick(Duration.ofMinutes(30));

    // then the rejected revision gets no traffic and the Canary stays, saying why
    assertNotNull(cluster.canary("podinfo"), "deletion is held");
    assertEquals(CanaryPhase.Failed, phase(), "what it is until the deletion goes on");
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas(), "target not scaled up");
    assertEquals(Map.of("app", "podinfo-primary"), apexSelector(), "the primary keeps serving");
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertEquals(1, cluster.events("rejected revision"), "one event: " + cluster.events());
    assertTrue(statusCondition("Ready").getMessage().contains("rejected revision"));

    // when the target is reverted to the promoted revision, the usual restore follows
    cluster.setImage("podinfo", OLD_IMAGE);
    tick();
    assertEquals(2, cluster.deployment("podinfo").getSpec().getReplicas());
    cluster.markReady("podinfo");
    tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);
    assertEquals(Map.of("app", "podinfo"), apexSelector());
    assertEquals(
        OLD_IMAGE,
        cluster
            .deployment("podinfo")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
  }

  private void givenFailedRun() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().getAnalysis().setWebhooks(List.of());
          c.getSpec().getAnalysis().setMetrics(List.of());
          return c;
        });
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals(10, weight());
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort/1");
    tick();
    assertEquals(CanaryPhase.Failed, phase());
    assertPrimaryRuns(OLD_IMAGE);
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
  }

  private Map<String, String> apexSelector() {
    return client
        .services()
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .get()
        .getSpec()
        .getSelector();
  }
}

package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The playground's scenario: the built-in canary, and a user's manifest with the flags applied. */
class ScenarioIT {

  @Test
  void theBuiltInCanaryIsFlaggersPodinfoWithTheFlagsApplied() {
    try (MockCluster cluster = new MockCluster()) {
      Scenario scenario =
          new Scenario(
              cluster.client, PlaygroundOptions.parse("--step-weight", "20", "--interval", "5s"));

      Canary canary =
          scenario.create(
              "http://127.0.0.1:1/smoke", "http://127.0.0.1:2/chat", "http://127.0.0.1:3");

      assertEquals("5s", canary.getSpec().getAnalysis().getInterval());
      assertEquals(20, canary.getSpec().getAnalysis().getStepWeight());
      assertEquals(40, canary.getSpec().getAnalysis().getMaxWeight());
      assertEquals(
          "http://127.0.0.1:3/gate/check",
          canary.getSpec().getAnalysis().getWebhooks().get(1).getUrl());
      assertTrue(
          cluster
              .client
              .apps()
              .deployments()
              .inNamespace(Scenario.NAMESPACE)
              .withName("podinfo")
              .get()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getImage()
              .endsWith(":1.0.0"));
    }
  }

  @Test
  void theJudgeFlagGivesTheCanaryAJudgeWithItsDefaults() {
    try (MockCluster cluster = new MockCluster()) {
      Scenario plain = new Scenario(cluster.client, PlaygroundOptions.parse());
      assertNull(
          plain
              .create("http://127.0.0.1:1/smoke", "http://127.0.0.1:2/chat", "http://127.0.0.1:3")
              .getSpec()
              .getAnalysis()
              .getJudge());
    }
    try (MockCluster cluster = new MockCluster()) {
      Scenario judged = new Scenario(cluster.client, PlaygroundOptions.parse("--judge"));

      Canary canary =
          judged.create(
              "http://127.0.0.1:1/smoke", "http://127.0.0.1:2/chat", "http://127.0.0.1:3");

      assertTrue(canary.getSpec().getAnalysis().getJudge() != null, "analysis.judge");
    }
  }

  @Test
  void aUsersCanaryKeepsItsSpecButUsesThePlaygroundsPrometheusAndTheGivenFlags() throws Exception {
    Path file = Files.createTempFile("canary", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          metricsServer: http://prometheus.example:9090
          service: {port: 80}
          analysis:
            interval: 1m
            threshold: 3
            stepWeight: 5
            maxWeight: 30
        """);
    try (MockCluster cluster = new MockCluster()) {
      Scenario scenario =
          new Scenario(
              cluster.client,
              PlaygroundOptions.parse("--canary", file.toString(), "--interval", "2s"));

      Canary canary = scenario.create("s", "c", "g");

      assertEquals("web", scenario.target());
      assertNull(canary.getSpec().getMetricsServer(), "the playground's Prometheus is used");
      assertEquals("2s", canary.getSpec().getAnalysis().getInterval(), "--interval given");
      assertEquals(5, canary.getSpec().getAnalysis().getStepWeight(), "--step-weight not given");
      assertEquals(Scenario.NAMESPACE, canary.getMetadata().getNamespace());
    }
  }

  @Test
  void aCanaryForAMeshThePlaygroundDoesNotSimulateIsRefusedSayingWhy() throws Exception {
    Path file = Files.createTempFile("canary", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
        spec:
          provider: linkerd
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, stepWeight: 10}
        """);
    try (MockCluster cluster = new MockCluster()) {
      Scenario scenario =
          new Scenario(cluster.client, PlaygroundOptions.parse("--canary", file.toString()));

      var error =
          assertThrows(IllegalArgumentException.class, () -> scenario.create("s", "c", "g"));

      assertTrue(
          error.getMessage().contains("provider 'linkerd' is not simulated"), error.getMessage());
    }
  }
}

package dev.sluice.playground;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.workload.DeploymentReadiness;
import dev.sluice.workload.Readiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadsIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private MockCluster cluster;
  private Workloads workloads;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
    cluster.createPodinfo();
    workloads = new Workloads(cluster.client, MockCluster.NAMESPACE);
    workloads.start();
  }

  @AfterEach
  void stopCluster() {
    workloads.close();
    cluster.close();
  }

  @Test
  void deploymentsServeTheirImageTagAndBecomeReadyAsSluiceReadsIt() throws Exception {
    // when
    awaitReady("podinfo");
    awaitReady("podinfo-primary");

    // then
    assertEquals("2.0.0", get(workloads.app("podinfo").orElseThrow().uri()).body());
    assertEquals("1.0.0", get(workloads.app("podinfo-primary").orElseThrow().uri()).body());
    Deployment primary = cluster.deployment("podinfo-primary");
    assertEquals(2, primary.getStatus().getReadyReplicas());
    assertEquals(2, primary.getStatus().getAvailableReplicas());
    assertEquals(
        primary.getMetadata().getGeneration(), primary.getStatus().getObservedGeneration());
    DeploymentCondition progressing = condition(primary, "Progressing");
    assertEquals("True", progressing.getStatus());
    assertEquals("NewReplicaSetAvailable", progressing.getReason());
    assertEquals("True", condition(primary, "Available").getStatus());
  }

  @Test
  void servicesMapToTheDeploymentTheirSelectorMatches() {
    // given
    var services = cluster.client.services().inNamespace(MockCluster.NAMESPACE);

    // when / then
    assertEquals(
        Optional.of("podinfo"), workloads.deploymentFor(services.withName("podinfo-canary").get()));
    assertEquals(
        Optional.of("podinfo-primary"),
        workloads.deploymentFor(services.withName("podinfo-primary").get()));
  }

  @Test
  void aChangedTemplateReplacesTheApp() throws Exception {
    // given
    awaitReady("podinfo-primary");
    SampleApp before = workloads.app("podinfo-primary").orElseThrow();

    // when: promotion copies the target's template to the primary
    cluster.setImage("podinfo-primary", "2.0.0");

    // then
    await()
        .atMost(WAIT)
        .until(
            () -> workloads.app("podinfo-primary").map(SampleApp::version),
            v -> v.equals(Optional.of("2.0.0")));
    awaitReady("podinfo-primary");
    assertEquals("2.0.0", get(workloads.app("podinfo-primary").orElseThrow().uri()).body());
    assertTrue(refused(before.uri()), "the old app no longer serves");
  }

  @Test
  void scaledToZeroTheAppStopsAndTheStatusShowsNoReplicas() throws Exception {
    // given
    awaitReady("podinfo");
    URI uri = workloads.app("podinfo").orElseThrow().uri();

    // when
    cluster.scale("podinfo", 0);

    // then
    await()
        .atMost(WAIT)
        .until(
            () -> cluster.deployment("podinfo"),
            d -> d.getStatus().getObservedGeneration().equals(d.getMetadata().getGeneration()));
    Deployment podinfo = cluster.deployment("podinfo");
    assertEquals(Optional.empty(), workloads.app("podinfo"));
    assertEquals(0, podinfo.getStatus().getReadyReplicas());
    assertEquals(0, podinfo.getStatus().getReplicas());
    assertInstanceOf(Readiness.NotReady.class, readiness(podinfo));
    assertTrue(refused(uri), "the app no longer serves");
  }

  @Test
  void aTemplateThatCannotRunNeverBecomesAvailable() {
    // given
    cluster.createDeployment("broken", "1.0.0", Map.of("ERROR_RATE", "lots"));

    // when
    await()
        .atMost(WAIT)
        .until(
            () -> cluster.deployment("broken").getStatus(),
            s -> s != null && s.getObservedGeneration() != null);

    // then
    Deployment broken = cluster.deployment("broken");
    assertEquals(Optional.empty(), workloads.app("broken"));
    assertEquals(0, broken.getStatus().getAvailableReplicas());
    assertEquals("False", condition(broken, "Available").getStatus());
    assertInstanceOf(Readiness.NotReady.class, readiness(broken));
  }

  private void awaitReady(String name) {
    await()
        .atMost(WAIT)
        .until(() -> readiness(cluster.deployment(name)) instanceof Readiness.Ready);
  }

  private static Readiness readiness(Deployment deployment) {
    return DeploymentReadiness.of(
        deployment,
        DeploymentReadiness.DEFAULT_THRESHOLD,
        DeploymentReadiness.DEFAULT_PROGRESS_DEADLINE_SECONDS,
        Instant.now());
  }

  private static DeploymentCondition condition(Deployment deployment, String type) {
    return deployment.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private boolean refused(URI uri) {
    try {
      get(uri);
      return false;
    } catch (Exception e) {
      return true;
    }
  }
}

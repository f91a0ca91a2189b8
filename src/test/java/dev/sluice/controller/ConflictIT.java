package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.router.istio.IstioRouter;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes against objects that moved since the informer saw them. The informers are stopped so the
 * cache keeps its copies, as a lagging watch would; then someone else writes through the client and
 * the controller ticks on the stale cache, so its write carries an old resourceVersion.
 *
 * <p>The mock API server answers such an update with a 409, as the real one does, except on the
 * status subresource, where it takes any resourceVersion. For status writes the test therefore
 * queues the 409 the real API server would return for the stale object.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ConflictIT extends ControllerTestBase {

  @KubernetesTestServer KubernetesServer mockServer;

  @TestHTTPResource("/")
  URI sluice;

  @AfterEach
  void freshInformers() {
    controller.restart();
  }

  @Test
  void aVirtualServiceChangedBehindTheCacheIsReReadAndGetsTheWeights() throws Exception {
    givenProgressing();
    freezeVirtualServices();
    client
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            vs -> {
              vs.getMetadata().getLabels().put("argocd.argoproj.io/instance", "podinfo");
              return vs;
            });
    assertNotEquals(
        cluster.virtualService("podinfo").getMetadata().getResourceVersion(),
        cachedVirtualService().getMetadata().getResourceVersion(),
        "the cache is stale");

    tickOnStaleCache();

    assertEquals(10, weight());
    assertEquals(List.of(90, 10), cluster.weights("podinfo"));
    assertEquals(
        "podinfo",
        cluster
            .virtualService("podinfo")
            .getMetadata()
            .getLabels()
            .get("argocd.argoproj.io/instance"),
        "the other writer's change survives: the write was merged onto the re-read object");
    assertEquals(1, cluster.events("canary weight 10"));
    assertIstioObjectsValid();
    assertCanaryValid("podinfo");
  }

  @Test
  void aConflictOnAStructuralWriteKeepsTheWeightsWrittenSinceNotTheCachedOnes() throws Exception {
    givenProgressing();
    tick();
    assertEquals(List.of(90, 10), cluster.weights("podinfo"));
    freezeVirtualServices();
    tickOnStaleCache();
    assertEquals(20, weight());
    assertEquals(List.of(80, 20), cluster.weights("podinfo"), "this tick's weights landed");
    assertNotEquals(
        cluster.virtualService("podinfo").getMetadata().getResourceVersion(),
        cachedVirtualService().getMetadata().getResourceVersion(),
        "the cache still holds the 90/10 copy");

    // the Canary changes the VirtualService's structure, and a closed gate holds the weight, so
    // this tick's only routing write is the structural one, made on the stale 90/10 copy
    Canary edited =
        client
            .resources(Canary.class)
            .inNamespace(cluster.namespace)
            .withName("podinfo")
            .edit(
                c -> {
                  c.getSpec().getService().getRetries().setAttempts(5);
                  CanaryWebhook gate = new CanaryWebhook();
                  gate.setName("hold");
                  gate.setType("confirm-traffic-increase");
                  gate.setUrl(sluice.resolve("/gate/check").toString());
                  gate.setTimeout("5s");
                  c.getSpec().getAnalysis().setWebhooks(List.of(gate));
                  return c;
                });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cache
                    .canary(cluster.namespace, "podinfo")
                    .map(c -> c.getMetadata().getResourceVersion())
                    .orElse("")
                    .equals(edited.getMetadata().getResourceVersion()));

    tickOnStaleCache();

    assertEquals(20, weight(), "the gate held the weight");
    assertEquals(
        List.of(80, 20),
        cluster.weights("podinfo"),
        "the write retried after the 409 kept the live weights, not the cached 90/10");
    assertEquals(5, retryAttempts(), "the structural change landed");
    assertIstioObjectsValid();
  }

  @SuppressWarnings("unchecked")
  private int retryAttempts() {
    Map<String, Object> spec =
        (Map<String, Object>)
            cluster.virtualService("podinfo").getAdditionalProperties().get("spec");
    List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
    Map<String, Object> split =
        http.stream().filter(r -> "sluice-split".equals(r.get("name"))).findFirst().orElseThrow();
    return ((Number) ((Map<String, Object>) split.get("retries")).get("attempts")).intValue();
  }

  @Test
  void aSpecEditRightBeforeTheStatusWriteDoesNotLoseTheStatus() {
    givenProgressing();
    tick();
    assertEquals(10, weight());
    Canary before = cluster.canary("podinfo");
    cluster.awaitCacheSynced();
    cache.stop();

    Canary edited =
        client
            .resources(Canary.class)
            .inNamespace(cluster.namespace)
            .withName("podinfo")
            .edit(
                c -> {
                  c.getMetadata().getLabels().put("team", "checkout");
                  c.getSpec().getAnalysis().setThreshold(7);
                  return c;
                });
    assertNotEquals(before.getMetadata().getGeneration(), edited.getMetadata().getGeneration());
    expectStaleStatusWrite();
    tickOnStaleCache();

    Canary stored = cluster.canary("podinfo");
    assertEquals(20, stored.getStatus().getCanaryWeight(), "the status landed");
    assertEquals(List.of(80, 20), cluster.weights("podinfo"));
    assertEquals("checkout", stored.getMetadata().getLabels().get("team"), "the edit stays");
    assertEquals(7, stored.getSpec().getAnalysis().getThreshold());
    assertEquals(
        before.getMetadata().getGeneration(),
        stored.getStatus().getObservedGeneration(),
        "the decision was made on the spec the tick read, and says so");
    assertEquals(1, cluster.events("canary weight 20"));
    assertCanaryValid("podinfo");

    controller.restart();
    tick();

    assertEquals(30, weight());
    assertEquals(
        edited.getMetadata().getGeneration(),
        cluster.canary("podinfo").getStatus().getObservedGeneration());
    assertCanaryValid("podinfo");
  }

  @Test
  void aStatusWrittenByAnotherControllerWinsAndThisTicksDecisionIsDropped() {
    givenProgressing();
    tick();
    assertEquals(10, weight());
    cluster.awaitCacheSynced();
    cache.stop();

    Canary other = cluster.canary("podinfo");
    other.getStatus().setFailedChecks(1);
    client.resource(other).updateStatus();
    expectStaleStatusWrite();
    tickOnStaleCache();

    var status = cluster.canary("podinfo").getStatus();
    assertEquals(1, status.getFailedChecks(), "the other writer's status is not overwritten");
    assertEquals(10, status.getCanaryWeight());
    assertEquals(0, cluster.events("canary weight 20"), "a dropped decision records no event");

    controller.restart();
    tick();
    assertEquals(20, weight(), "the next tick decides from the fresh status");
    assertEquals(1, cluster.canary("podinfo").getStatus().getFailedChecks());
    assertEquals(CanaryPhase.Progressing, phase());
    assertCanaryValid("podinfo");
  }

  private void givenProgressing() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    cluster.markReady("podinfo");
  }

  /** The real API server's answer to a status update that carries an old resourceVersion. */
  private void expectStaleStatusWrite() {
    mockServer
        .expect()
        .put()
        .withPath(
            "/apis/flagger.app/v1beta1/namespaces/"
                + cluster.namespace
                + "/canaries/podinfo/status")
        .andReturn(
            409,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Conflict")
                .withCode(409)
                .withMessage(
                    "Operation cannot be fulfilled on canaries.flagger.app \"podinfo\": the object"
                        + " has been modified; please apply your changes to the latest version and"
                        + " try again")
                .build())
        .once();
  }

  /** A tick that does not wait for the informers, which are stopped. */
  private void tickOnStaleCache() {
    clock.advance(Duration.ofSeconds(30));
    ticker.tick(cluster.namespace, "podinfo");
  }

  private GenericKubernetesResource cachedVirtualService() {
    return cache.generic(IstioRouter.VIRTUAL_SERVICE, cluster.namespace, "podinfo").orElseThrow();
  }

  /** Stops the VirtualService informer; its store keeps the copies it had. */
  private void freezeVirtualServices() {
    cluster.awaitCacheSynced();
    cache.informers().stream()
        .filter(i -> i.name().startsWith(IstioRouter.VIRTUAL_SERVICE.getPlural() + "."))
        .forEach(i -> i.informer().stop());
  }
}

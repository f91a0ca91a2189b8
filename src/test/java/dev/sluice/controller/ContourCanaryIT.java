package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.router.contour.HttpProxyResource;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Canary runs on Contour, tick by tick, on the mock server; every HTTPProxy checked by schema. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ContourCanaryIT extends ControllerTestBase {

  static final CrdSchemaValidator CONTOUR =
      CrdSchemaValidator.load("src/test/resources/schemas/contour-main-0001337b-httpproxies.yaml");

  @Test
  void aHealthyRevisionIsPromotedStepByStep() {
    // given
    givenCanary("podinfo-contour.yaml", UnaryOperator.identity());
    givenInitialized();
    assertEquals(List.of(100, 0), weights(0));

    // when: a new revision, ready at once
    whenANewRevisionIsReady();
    assertEquals(CanaryPhase.Progressing, phase());

    // then: the proxy moves in steps of 10 up to maxWeight, with the timeout and retries
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(List.of(100 - expected, expected), weights(0));
    }
    JsonNode route = json(proxy()).at("/spec/routes/0");
    assertEquals("15s", route.at("/timeoutPolicy/response").asText());
    assertEquals(3, route.at("/retryPolicy/count").asInt());
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals(List.of(100, 0), weights(0));
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of(100, 0), weights(0));
    assertCanaryValid("podinfo");
  }

  @Test
  void aCanaryThatStopsBeingReadyMidRunIsRolledBack() {
    // given: a run at 20%
    givenCanary("podinfo-contour.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    assertEquals(List.of(80, 20), weights(0));

    // when: the canary stops being ready, past the progress deadline
    cluster.markRollingOut("podinfo");
    tick();
    tick(Duration.ofSeconds(150));

    // then
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(List.of(100, 0), weights(0));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
  }

  @Test
  void anAbRunSendsMatchingRequestsToTheCanaryAndTheRestToThePrimary() {
    // given: an A/B test on a header prefix, which Flagger would turn into "contains"
    givenCanary("podinfo-contour.yaml", ContourCanaryIT::abTest);
    givenInitialized();
    assertEquals(List.of(100, 0), weights(0));
    assertEquals(List.of(100), weights(1));

    // when: the run starts
    whenANewRevisionIsReady();
    tick();

    // then: requests of the match go to the canary, every other one to the primary
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(List.of(0, 100), weights(0));
    assertEquals(List.of(100), weights(1));
    JsonNode conditions = json(proxy()).at("/spec/routes/0/conditions");
    assertEquals("/", conditions.at("/0/prefix").asText());
    assertEquals("user-agent", conditions.at("/1/header/name").asText());
    assertEquals("Mobile.*", conditions.at("/1/header/regex").asText());
    assertEquals(1, json(proxy()).at("/spec/routes/1/conditions").size());

    // and once promoted, nothing goes to the canary
    tick();
    tick();
    cluster.markReady("podinfo-primary");
    for (int i = 0; i < 3 && phase() != CanaryPhase.Succeeded; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of(100, 0), weights(0));
    assertEquals(List.of(100), weights(1));
  }

  @Test
  void theUsersMetadataStaysAChangedTimeoutMovesNoTrafficAndIdleTicksWriteNothing() {
    // given: a run at 10%, and someone labels and annotates the proxy
    givenCanary("podinfo-contour.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    GenericKubernetesResource labelled = proxy();
    Map<String, String> labels = new HashMap<>();
    labels.put("owner", "team-web");
    labelled.getMetadata().setLabels(labels);
    Map<String, String> annotations = new HashMap<>(labelled.getMetadata().getAnnotations());
    annotations.put("example.com/note", "kept");
    labelled.getMetadata().setAnnotations(annotations);
    client
        .genericKubernetesResources(HttpProxyResource.CONTEXT)
        .inNamespace(cluster.namespace)
        .resource(labelled)
        .update();

    // when: the run is paused at its step, and the service timeout changes
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "pause");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    cluster.editCanary(
        "podinfo",
        c -> {
          c.getSpec().getService().setTimeout("30s");
          return c;
        });
    tick();

    // then: the new timeout is in, the split and the user's metadata are as they were
    GenericKubernetesResource after = proxy();
    assertEquals("30s", json(after).at("/spec/routes/0/timeoutPolicy/response").asText());
    assertEquals(List.of(90, 10), weights(0));
    assertEquals("team-web", after.getMetadata().getLabels().get("owner"));
    assertEquals("kept", after.getMetadata().getAnnotations().get("example.com/note"));

    // and ticks with nothing to change write nothing
    String version = after.getMetadata().getResourceVersion();
    tick();
    tick(Duration.ofMinutes(10));
    assertEquals(version, proxy().getMetadata().getResourceVersion());
  }

  @Test
  void whatAnHttpProxyCannotDoIsRefusedInStatus() {
    // given: a blue/green canary that asks for mirroring
    givenCanary(
        "podinfo-contour.yaml",
        c -> {
          c.getSpec().getAnalysis().setIterations(3);
          c.getSpec().getAnalysis().setMirror(true);
          return c;
        });

    // when
    tick();

    // then
    assertRefused("provider contour cannot mirror traffic");
    assertNull(proxy());
  }

  @Test
  void deletingTheCanaryHandsTheProxyToTheApexServiceForTheRootProxyThatIncludesIt() {
    // given
    givenCanary("podinfo-contour.yaml", ControllerTestBase::revertingOnDeletion);
    givenInitialized();
    String canaryUid = cluster.canary("podinfo").getMetadata().getUid();

    // when
    whenTheCanaryIsDeleted();

    // then: the proxy stays, routes to the apex Service, and is no longer the Canary's
    GenericKubernetesResource proxy = proxy();
    assertNotNull(proxy, "the user's root proxy still includes it");
    JsonNode routes = json(proxy).at("/spec/routes");
    assertEquals(1, routes.size());
    assertEquals(1, routes.at("/0/services").size());
    assertEquals("podinfo", routes.at("/0/services/0/name").asText());
    assertFalse(
        proxy.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> canaryUid.equals(o.getUid())));
    CONTOUR.assertValid(proxy);
  }

  private static Canary abTest(Canary canary) {
    var analysis = canary.getSpec().getAnalysis();
    analysis.setStepWeight(null);
    analysis.setMaxWeight(null);
    analysis.setIterations(2);
    HeaderStringMatch prefix = new HeaderStringMatch();
    prefix.setPrefix("Mobile");
    AbMatch match = new AbMatch();
    match.setHeaders(Map.of("user-agent", prefix));
    analysis.setMatch(List.of(match));
    return canary;
  }

  /** The live proxy, checked against Contour's CRD; null when there is none. */
  private GenericKubernetesResource proxy() {
    GenericKubernetesResource proxy =
        client
            .genericKubernetesResources(HttpProxyResource.CONTEXT)
            .inNamespace(cluster.namespace)
            .withName("podinfo")
            .get();
    if (proxy != null) {
      CONTOUR.assertValid(proxy);
    }
    return proxy;
  }

  /** The weights of the proxy's route {@code index}, in the order of its services. */
  private List<Integer> weights(int index) {
    List<Integer> weights = new ArrayList<>();
    for (JsonNode service : json(proxy()).at("/spec/routes/" + index + "/services")) {
      weights.add(service.path("weight").asInt());
    }
    return weights;
  }

  private JsonNode json(GenericKubernetesResource proxy) {
    return client.getKubernetesSerialization().convertValue(proxy, JsonNode.class);
  }
}

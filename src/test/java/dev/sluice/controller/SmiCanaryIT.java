package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.router.smi.SmiRouter;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Canary runs on SMI TrafficSplits ({@code linkerd}: {@code v1alpha1}; {@code osm}: {@code
 * v1alpha2}), tick by tick, on the mock server; every TrafficSplit written is checked against the
 * linkerd-smi extension's published CRD.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class SmiCanaryIT extends ControllerTestBase {

  static final CrdSchemaValidator LINKERD_SMI =
      CrdSchemaValidator.load(
          RegisterCrds.TEST_DATA.resolve("linkerd-smi-b55b212-trafficsplits.yaml"));

  private static final ResourceDefinitionContext V1ALPHA1 = SmiRouter.trafficSplits("v1alpha1");
  private static final ResourceDefinitionContext V1ALPHA2 = SmiRouter.trafficSplits("v1alpha2");
  private static final ResourceDefinitionContext V1ALPHA3 = SmiRouter.trafficSplits("v1alpha3");

  /** linkerd-smi serves no v1alpha3; the SMI SDK's CRD of that time does. */
  static final CrdSchemaValidator SMI_SDK_V1ALPHA3 =
      CrdSchemaValidator.load(
          RegisterCrds.TEST_DATA.resolve("unregistered/smi-sdk-go-28318bd-trafficsplits.yaml"));

  @Test
  void linkerdPromotesAHealthyRevisionStepByStep() {
    // given
    givenCanary("podinfo-linkerd.yaml", UnaryOperator.identity());
    givenInitialized();
    GenericKubernetesResource split = trafficSplit(V1ALPHA1);
    assertEquals("split.smi-spec.io/v1alpha1", split.getApiVersion());
    assertEquals("podinfo", spec(split).path("service").asText());
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));

    // when: a new revision, ready at once
    whenANewRevisionIsReady();
    assertEquals(CanaryPhase.Progressing, phase());

    // then: the split moves in steps of 10 up to maxWeight, written as v1alpha1 quantities
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(List.of(str(100 - expected), str(expected)), weights(V1ALPHA1));
    }
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));
    assertEquals("ghcr.io/stefanprodan/podinfo:6.0.1", primaryImage());
    assertCanaryValid("podinfo");
  }

  @Test
  void osmWritesItsSplitInV1alpha2WithNumbers() {
    // given a canary of provider osm
    givenCanary("podinfo-linkerd.yaml", provider("osm"));
    givenInitialized();
    assertEquals(List.of(100, 0), weights(V1ALPHA2));

    // when a run takes its first step
    whenANewRevisionIsReady();
    tick();

    // then the v1alpha2 split carries the weights as numbers, and no v1alpha1 split exists
    assertEquals(10, weight());
    assertEquals("split.smi-spec.io/v1alpha2", trafficSplit(V1ALPHA2).getApiVersion());
    assertEquals(List.of(90, 10), weights(V1ALPHA2));
    assertNull(find(V1ALPHA1));
  }

  @Test
  void smiV1alpha3WritesItsSplitInV1alpha3() {
    // given a canary of provider smi:v1alpha3:linkerd
    givenCanary("podinfo-linkerd.yaml", provider("smi:v1alpha3:linkerd"));
    givenInitialized();

    // when a run takes two steps
    whenANewRevisionIsReady();
    tick();
    tick();

    // then
    GenericKubernetesResource split = find(V1ALPHA3);
    SMI_SDK_V1ALPHA3.assertValid(split);
    assertEquals("split.smi-spec.io/v1alpha3", split.getApiVersion());
    assertEquals(20, spec(split).at("/backends/0/weight").asInt());
    assertEquals(80, spec(split).at("/backends/1/weight").asInt());
    assertNull(find(V1ALPHA1));
  }

  @Test
  void aCanaryThatStopsBeingReadyMidRunIsRolledBack() {
    // given: a run at 20%
    givenCanary("podinfo-linkerd.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    assertEquals(List.of("80", "20"), weights(V1ALPHA1));

    // when: the canary stops being ready; the held tick keeps the live split
    cluster.markRollingOut("podinfo");
    tick();
    assertEquals(List.of("80", "20"), weights(V1ALPHA1));
    // and stays so past the progress deadline
    tick(Duration.ofSeconds(150));

    // then
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals("ghcr.io/stefanprodan/podinfo:6.0.0", primaryImage());
  }

  @Test
  void aPausedRunKeepsTheLiveSplitThroughReconcile() {
    // given: a run at 20%, paused, so that ticks only reconcile
    givenCanary("podinfo-linkerd.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "pause");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    String before = trafficSplit(V1ALPHA1).getMetadata().getResourceVersion();

    // when
    tick();
    tick();

    // then: the weights read back from the TrafficSplit are the ones written again, unchanged
    assertEquals(20, weight());
    assertEquals(List.of("80", "20"), weights(V1ALPHA1));
    assertEquals(before, trafficSplit(V1ALPHA1).getMetadata().getResourceVersion());
  }

  @Test
  void blueGreenKeepsTrafficOnThePrimaryThenSwitchesForThePromotion() {
    // given: three iterations instead of weight steps
    givenCanary(
        "podinfo-linkerd.yaml",
        c -> {
          c.getSpec().getAnalysis().setStepWeight(null);
          c.getSpec().getAnalysis().setMaxWeight(null);
          c.getSpec().getAnalysis().setIterations(3);
          return c;
        });
    givenInitialized();
    whenANewRevisionIsReady();

    // when / then: every iteration leaves the live traffic on the primary
    for (int iteration = 1; iteration <= 3; iteration++) {
      tick();
      assertEquals(iteration, cluster.canary("podinfo").getStatus().getIterations());
      assertEquals(List.of("100", "0"), weights(V1ALPHA1));
    }
    // then all traffic goes to the canary while the primary rolls out, and back once it is ready
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertEquals(List.of("0", "100"), weights(V1ALPHA1));
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));
  }

  @Test
  void theUsersLabelsStayAndAnIdleTickWritesNothing() {
    // given: someone labels and annotates the TrafficSplit
    givenCanary("podinfo-linkerd.yaml", UnaryOperator.identity());
    givenInitialized();
    GenericKubernetesResource labelled = trafficSplit(V1ALPHA1);
    labelled.getMetadata().setLabels(new HashMap<>(Map.of("owner", "team-web")));
    labelled.getMetadata().getAnnotations().put("example.com/note", "kept");
    client
        .genericKubernetesResources(V1ALPHA1)
        .inNamespace(cluster.namespace)
        .resource(labelled)
        .update();
    tick();
    String before = trafficSplit(V1ALPHA1).getMetadata().getResourceVersion();

    // when
    tick();
    tick(Duration.ofMinutes(10));

    // then
    GenericKubernetesResource split = trafficSplit(V1ALPHA1);
    assertEquals(before, split.getMetadata().getResourceVersion());
    assertEquals("team-web", split.getMetadata().getLabels().get("owner"));
    assertEquals("kept", split.getMetadata().getAnnotations().get("example.com/note"));
    assertEquals(List.of("100", "0"), weights(V1ALPHA1));
  }

  @Test
  void anABTestIsRefusedWithTheField() {
    // given
    givenCanary(
        "podinfo-linkerd.yaml",
        c -> {
          var match = new AbMatch();
          var header = new HeaderStringMatch();
          header.setExact("always");
          match.setHeaders(Map.of("x-canary", header));
          c.getSpec().getAnalysis().setMatch(List.of(match));
          c.getSpec().getAnalysis().setIterations(3);
          return c;
        });

    // when
    tick();

    // then
    assertRefused("remove analysis.match");
    assertNull(find(V1ALPHA1));
  }

  @Test
  void deletingTheCanaryDeletesItsTrafficSplit() {
    // given
    givenCanary("podinfo-linkerd.yaml", UnaryOperator.identity());
    givenInitialized();

    // when
    whenTheCanaryIsDeleted();

    // then
    assertNull(find(V1ALPHA1));
  }

  /** Also waits for the TrafficSplit informers, which ClusterFixture does not know about. */
  @Override
  void tick(Duration after) {
    for (ResourceDefinitionContext kind : List.of(V1ALPHA1, V1ALPHA2, V1ALPHA3)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> cached(kind));
    }
    super.tick(after);
  }

  private boolean cached(ResourceDefinitionContext kind) {
    GenericKubernetesResource live = find(kind);
    String cached =
        cache
            .generic(kind, cluster.namespace, "podinfo")
            .map(r -> r.getMetadata().getResourceVersion())
            .orElse(null);
    return Objects.equals(live == null ? null : live.getMetadata().getResourceVersion(), cached);
  }

  private static UnaryOperator<Canary> provider(String provider) {
    return c -> {
      c.getSpec().setProvider(provider);
      return c;
    };
  }

  private GenericKubernetesResource find(ResourceDefinitionContext kind) {
    return client
        .genericKubernetesResources(kind)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .get();
  }

  /** The TrafficSplit, after checking it against linkerd-smi's CRD. */
  private GenericKubernetesResource trafficSplit(ResourceDefinitionContext kind) {
    GenericKubernetesResource split = find(kind);
    LINKERD_SMI.assertValid(split);
    return split;
  }

  /** The weights of primary and canary, as stored (strings for v1alpha1, numbers after). */
  private List<Object> weights(ResourceDefinitionContext kind) {
    JsonNode backends = spec(trafficSplit(kind)).path("backends");
    assertEquals(2, backends.size(), backends.toString());
    assertEquals("podinfo-canary", backends.get(0).path("service").asText());
    assertEquals("podinfo-primary", backends.get(1).path("service").asText());
    List<Object> weights = new ArrayList<>();
    for (JsonNode backend : List.of(backends.get(1), backends.get(0))) {
      JsonNode weight = backend.path("weight");
      weights.add(weight.isTextual() ? weight.asText() : weight.asInt());
    }
    return weights;
  }

  private JsonNode spec(GenericKubernetesResource split) {
    return client
        .getKubernetesSerialization()
        .convertValue(split.getAdditionalProperties().get("spec"), JsonNode.class);
  }

  private String primaryImage() {
    return cluster
        .deployment("podinfo-primary")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  private static String str(int weight) {
    return Integer.toString(weight);
  }
}

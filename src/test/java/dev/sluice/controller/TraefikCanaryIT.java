package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.router.traefik.TraefikFixtures;
import dev.sluice.router.traefik.TraefikRouter;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Canary runs on Traefik, tick by tick, on the mock server: the TraefikService's weights at each
 * step, checked against Traefik's published CRD.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class TraefikCanaryIT extends ControllerTestBase {
  private static final String CANARY = "podinfo-traefik.yaml";
  private static final Map<String, Integer> ALL_TO_PRIMARY = Map.of("podinfo-primary", 100);

  @Test
  void aHealthyRevisionIsPromotedStepByStep() {
    // given
    givenCanary(CANARY, UnaryOperator.identity());
    givenInitialized();
    assertEquals(ALL_TO_PRIMARY, weights());
    GenericKubernetesResource initial = traefikService();
    assertEquals("Canary", initial.getMetadata().getOwnerReferences().get(0).getKind());

    // when: a new revision, ready at once
    whenANewRevisionIsReady();
    assertEquals(CanaryPhase.Progressing, phase());

    // then: the TraefikService moves in steps of 10 up to maxWeight, then back to the primary
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(split(100 - expected, expected), weights());
      assertTraefikServiceValid();
    }
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals(ALL_TO_PRIMARY, weights());
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(ALL_TO_PRIMARY, weights());
    assertPrimaryRuns(NEW_IMAGE);
    assertTraefikServiceValid();
    assertCanaryValid("podinfo");
  }

  @Test
  void aCanaryThatStopsBeingReadyMidRunIsRolledBack() {
    // given: a run at 20%
    givenCanary(CANARY, UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    assertEquals(split(80, 20), weights());

    // when: the canary stops being ready, past the progress deadline
    cluster.markRollingOut("podinfo");
    tick();
    tick(Duration.ofSeconds(150));

    // then
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(ALL_TO_PRIMARY, weights());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertTraefikServiceValid();
  }

  @Test
  void aBlueGreenRunKeepsTrafficOnThePrimaryThenSwitchesItWhole() {
    // given: two iterations instead of weights
    givenCanary(
        CANARY,
        c -> {
          var analysis = c.getSpec().getAnalysis();
          analysis.setStepWeight(null);
          analysis.setMaxWeight(null);
          analysis.setIterations(2);
          return c;
        });
    givenInitialized();

    // when: a new revision runs its iterations
    whenANewRevisionIsReady();
    tick();
    tick();

    // then: all traffic stays on the primary while the canary is checked
    assertEquals(2, cluster.canary("podinfo").getStatus().getIterations());
    assertEquals(ALL_TO_PRIMARY, weights());

    // when the iterations are done: everything to the canary, the primary left out
    tick();
    assertEquals(Map.of("podinfo-canary", 100), weights());
    assertTraefikServiceValid();

    // and once promoted, back to the primary
    cluster.markReady("podinfo-primary");
    for (int i = 0; i < 3 && phase() != CanaryPhase.Succeeded; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(ALL_TO_PRIMARY, weights());
  }

  @Test
  void theUsersLabelsAndOwnSpecFieldsStayThroughARun() {
    // given: someone labels the TraefikService and makes it sticky
    givenCanary(CANARY, UnaryOperator.identity());
    givenInitialized();
    GenericKubernetesResource edited = traefikService();
    edited.getMetadata().setLabels(Map.of("owner", "team-web"));
    edited.getMetadata().getAnnotations().put("example.com/note", "keep");
    weighted(edited).put("sticky", Map.of("cookie", Map.of("name", "lvl1")));
    client
        .genericKubernetesResources(TraefikRouter.TRAEFIK_SERVICES)
        .inNamespace(cluster.namespace)
        .resource(edited)
        .update();

    // when: a run takes its first step
    whenANewRevisionIsReady();
    tick();

    // then
    GenericKubernetesResource stepped = traefikService();
    assertEquals(split(90, 10), weights());
    assertEquals("team-web", stepped.getMetadata().getLabels().get("owner"));
    assertEquals("keep", stepped.getMetadata().getAnnotations().get("example.com/note"));
    assertEquals(Map.of("cookie", Map.of("name", "lvl1")), weighted(stepped).get("sticky"));
    assertTraefikServiceValid();
  }

  @Test
  void anIdleTickLeavesTheTraefikServiceAsItIs() {
    // given
    givenCanary(CANARY, UnaryOperator.identity());
    givenInitialized();
    tick();
    String before = traefikService().getMetadata().getResourceVersion();

    // when
    tick();
    tick(Duration.ofMinutes(10));

    // then
    assertEquals(before, traefikService().getMetadata().getResourceVersion());
  }

  @Test
  void anAbCanaryIsRefusedAndNothingIsWritten() {
    // given
    givenCanary(
        CANARY,
        c -> {
          HeaderStringMatch exact = new HeaderStringMatch();
          exact.setExact("insider");
          AbMatch match = new AbMatch();
          match.setHeaders(Map.of("x-canary", exact));
          c.getSpec().getAnalysis().setIterations(3);
          c.getSpec().getAnalysis().setMatch(List.of(match));
          return c;
        });

    // when
    tick();

    // then
    assertRefused("remove analysis.match");
    assertNull(traefikService());
  }

  @Test
  void deletingTheCanaryLeavesATraefikServiceToTheApexOwnedByNoOne() {
    // given: a canary whose deletion restores the target
    givenCanary(CANARY, ControllerTestBase::revertingOnDeletion);
    givenInitialized();

    // when
    whenTheCanaryIsDeleted();

    // then: the user's IngressRoute still reaches the target, through the apex Service
    GenericKubernetesResource left = traefikService();
    assertNotNull(left);
    assertEquals(Map.of("podinfo", 100), weights());
    assertTrue(left.getMetadata().getOwnerReferences().isEmpty());
    assertNotNull(client.services().inNamespace(cluster.namespace).withName("podinfo").get());
    assertTraefikServiceValid();
  }

  /** Also waits for the TraefikService informer, which the shared fixture does not know. */
  @Override
  void tick(Duration after) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              GenericKubernetesResource stored = traefikService();
              String cached =
                  cache
                      .generic(TraefikRouter.TRAEFIK_SERVICES, cluster.namespace, "podinfo")
                      .map(r -> r.getMetadata().getResourceVersion())
                      .orElse(null);
              return Objects.equals(
                  stored == null ? null : stored.getMetadata().getResourceVersion(), cached);
            });
    super.tick(after);
  }

  private GenericKubernetesResource traefikService() {
    return client
        .genericKubernetesResources(TraefikRouter.TRAEFIK_SERVICES)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .get();
  }

  /** The weight of each Service the TraefikService lists, by name. */
  @SuppressWarnings("unchecked")
  private Map<String, Integer> weights() {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (Object entry : (List<Object>) weighted(traefikService()).get("services")) {
      Map<String, Object> service = (Map<String, Object>) entry;
      weights.put((String) service.get("name"), ((Number) service.get("weight")).intValue());
    }
    return weights;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> weighted(GenericKubernetesResource traefikService) {
    Map<String, Object> spec =
        (Map<String, Object>) traefikService.getAdditionalProperties().get("spec");
    return (Map<String, Object>) spec.get("weighted");
  }

  private static Map<String, Integer> split(int primary, int canary) {
    return Map.of("podinfo-primary", primary, "podinfo-canary", canary);
  }

  private void assertTraefikServiceValid() {
    TraefikFixtures.TRAEFIK_SCHEMA.assertValid(traefikService());
  }
}

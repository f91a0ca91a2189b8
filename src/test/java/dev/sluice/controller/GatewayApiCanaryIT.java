package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.router.gatewayapi.GatewayApiMeshProvider;
import dev.sluice.router.gatewayapi.GatewayApiRouter;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Weighted canary runs on Gateway API ({@code gatewayapi:v1}), tick by tick, on the mock server.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class GatewayApiCanaryIT extends ControllerTestBase {

  static final CrdSchemaValidator GATEWAY_API =
      CrdSchemaValidator.load("../shared/schemas/gateway-api-v1.6.1-httproutes.yaml");

  @Test
  void aHealthyRevisionIsPromotedStepByStep() {
    // given
    givenCanary("podinfo-gatewayapi.yaml", UnaryOperator.identity());
    givenInitialized();
    assertEquals(List.of(100, 0), cluster.httpRouteWeights("podinfo"));
    assertRouteValid();

    // when: a new revision, ready at once
    whenANewRevisionIsReady();
    assertEquals(CanaryPhase.Progressing, phase());

    // then: the HTTPRoute moves in steps of 10 up to maxWeight
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(List.of(100 - expected, expected), cluster.httpRouteWeights("podinfo"));
      assertRouteValid();
    }
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals(List.of(100, 0), cluster.httpRouteWeights("podinfo"));
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of(100, 0), cluster.httpRouteWeights("podinfo"));
    assertPrimaryRuns(NEW_IMAGE);
    assertCanaryValid("podinfo");
  }

  @Test
  void gatewayApiV1beta1WritesItsHttpRouteInThatVersion() {
    // given a canary of provider gatewayapi:v1beta1
    givenCanary(
        "podinfo-gatewayapi.yaml",
        c -> {
          c.getSpec().setProvider(GatewayApiMeshProvider.PROVIDER_V1BETA1);
          return c;
        });
    givenInitialized();

    // when a run takes its first step
    whenANewRevisionIsReady();
    tick();

    // then the v1beta1 HTTPRoute carries the split and is valid for Gateway API 1.6.1
    GenericKubernetesResource route =
        client
            .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1beta1"))
            .inNamespace(cluster.namespace)
            .withName("podinfo")
            .get();
    assertEquals("gateway.networking.k8s.io/v1beta1", route.getApiVersion());
    assertEquals(10, weight());
    assertTrue(
        client.getKubernetesSerialization().asJson(route).contains("\"weight\":10"),
        client.getKubernetesSerialization().asJson(route));
    GATEWAY_API.assertValid(route);
  }

  @Test
  void aCanaryThatStopsBeingReadyMidRunIsRolledBack() {
    // given: a run at 20%
    givenCanary("podinfo-gatewayapi.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    tick();
    assertEquals(List.of(80, 20), cluster.httpRouteWeights("podinfo"));

    // when: the canary stops being ready, past the progress deadline
    cluster.markRollingOut("podinfo");
    tick();
    tick(Duration.ofSeconds(150));

    // then
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(List.of(100, 0), cluster.httpRouteWeights("podinfo"));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertEquals(
        "ghcr.io/stefanprodan/podinfo:6.0.0",
        cluster
            .deployment("podinfo-primary")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage());
    assertEquals("False", statusCondition("Ready").getStatus());
    assertRouteValid();
  }

  @Test
  void theUsersOwnMetadataOnTheRouteStaysAndAHostDroppedFromTheCanaryGoes() {
    // given: someone labels the HTTPRoute
    givenCanary("podinfo-gatewayapi.yaml", UnaryOperator.identity());
    givenInitialized();
    GenericKubernetesResource labelled = cluster.httpRoute("podinfo");
    labelled.getMetadata().setLabels(Map.of("owner", "team-web"));
    client
        .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1"))
        .inNamespace(cluster.namespace)
        .resource(labelled)
        .update();

    // when: the canary stops listing hosts
    cluster.editCanary(
        "podinfo",
        canary -> {
          canary.getSpec().getService().setHosts(null);
          return canary;
        });
    tick();

    // then
    GenericKubernetesResource route = cluster.httpRoute("podinfo");
    assertEquals("team-web", route.getMetadata().getLabels().get("owner"));
    assertNull(spec(route).get("hostnames"));
    assertRouteValid();
  }

  @Test
  void anIdleTickLeavesTheRouteAsItIs() {
    // given
    givenCanary("podinfo-gatewayapi.yaml", UnaryOperator.identity());
    givenInitialized();
    tick();
    String before = cluster.httpRoute("podinfo").getMetadata().getResourceVersion();

    // when
    tick();
    tick(Duration.ofMinutes(10));

    // then
    assertEquals(before, cluster.httpRoute("podinfo").getMetadata().getResourceVersion());
  }

  @Test
  void aCanaryWithoutGatewayRefsIsRefused() {
    // given
    givenCanary(
        "podinfo-gatewayapi.yaml",
        c -> {
          c.getSpec().getService().setGatewayRefs(null);
          return c;
        });

    // when
    tick();

    // then
    assertRefused("needs spec.service.gatewayRefs");
    assertNull(cluster.httpRoute("podinfo"));
  }

  @Test
  void deletingTheCanaryDeletesItsHttpRoute() {
    // given
    givenCanary("podinfo-gatewayapi.yaml", ControllerTestBase::revertingOnDeletion);
    givenInitialized();

    // when
    whenTheCanaryIsDeleted();

    // then
    assertNull(cluster.httpRoute("podinfo"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource route) {
    return (Map<String, Object>) route.getAdditionalProperties().get("spec");
  }

  private void assertRouteValid() {
    GATEWAY_API.assertValid(cluster.httpRoute("podinfo"));
  }
}

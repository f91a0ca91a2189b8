package dev.sluice.router.gatewayapi;

import static dev.sluice.router.gatewayapi.GatewayApiFixtures.fromServer;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.podinfo;
import static dev.sluice.router.gatewayapi.GatewayApiFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live traffic state, read back from the HTTPRoute, and kept by a structural reconcile. */
class HttpRouteWeightsTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 25, 50, 99, 100})
  void readsBackTheWeightsItWrote(int canaryWeight) {
    // given
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(HttpRouteModel.desired(canary, Routes.weighted(canaryWeight), "v1"));

    // when / then
    assertEquals(Optional.of(Routes.weighted(canaryWeight)), HttpRouteWeights.read(canary, live));
  }

  @Test
  void readsTheSplitPastTheStickyRuleAndOfAnAbTest() {
    Canary sticky = podinfo("", "sessionAffinity:\n  cookieName: c\n");
    Canary ab = podinfo("", "iterations: 3\nmatch:\n  - headers: {x: {exact: y}}\n");

    assertEquals(
        Optional.of(Routes.weighted(20)),
        HttpRouteWeights.read(
            sticky, fromServer(HttpRouteModel.desired(sticky, Routes.weighted(20), "v1"))));
    assertEquals(
        Optional.of(new Routes(0, 100, false)),
        HttpRouteWeights.read(
            ab, fromServer(HttpRouteModel.desired(ab, new Routes(0, 100, false), "v1"))));
  }

  @Test
  void readsBackMirroring() {
    Canary canary = podinfo("", "iterations: 3\nmirror: true\nmirrorWeight: 20\n");
    GenericKubernetesResource live =
        fromServer(HttpRouteModel.desired(canary, new Routes(100, 0, true), "v1"));

    assertEquals(Optional.of(new Routes(100, 0, true)), HttpRouteWeights.read(canary, live));
  }

  @Test
  void aStructuralChangeKeepsTheLiveSplit() {
    // given: a run at 40%, then the user adds a host
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(HttpRouteModel.desired(canary, Routes.weighted(40), "v1"));
    canary.getSpec().getService().getHosts().add("app.example.com");

    // when
    JsonNode desired = validJson(HttpRouteModel.desiredKeepingWeights(canary, live, "v1"));

    // then
    assertEquals(2, desired.at("/spec/hostnames").size());
    assertEquals(60, desired.at("/spec/rules/0/backendRefs/0/weight").asInt());
    assertEquals(40, desired.at("/spec/rules/0/backendRefs/1/weight").asInt());
  }

  @Test
  void withoutALiveRouteAllTrafficGoesToPrimary() {
    JsonNode desired = validJson(HttpRouteModel.desiredKeepingWeights(podinfo(), null, "v1beta1"));

    assertEquals(100, desired.at("/spec/rules/0/backendRefs/0/weight").asInt());
    assertEquals(0, desired.at("/spec/rules/0/backendRefs/1/weight").asInt());
  }

  @Test
  void aRouteThatNamesNotBothServicesIsNoSplit() {
    Canary canary = podinfo();
    GenericKubernetesResource other =
        fromServer(HttpRouteModel.desired(podinfo(), Routes.weighted(10), "v1"));
    canary.getSpec().getService().setName("other");

    assertEquals(Optional.empty(), HttpRouteWeights.read(canary, other));
  }
}

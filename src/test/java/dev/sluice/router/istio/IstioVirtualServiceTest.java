package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.canary;
import static dev.sluice.router.istio.IstioFixtures.json;
import static dev.sluice.router.istio.IstioFixtures.podinfo;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IstioVirtualServiceTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 10, 50, 90, 100})
  void splitsTrafficAtTheGivenWeight(int canaryWeight) {
    // given
    Canary canary = podinfo();

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.weighted(canaryWeight)));

    // then
    JsonNode route = vs.at("/spec/http/0/route");
    assertEquals(2, route.size());
    assertEquals("podinfo-primary", route.at("/0/destination/host").asText());
    assertEquals(100 - canaryWeight, route.at("/0/weight").asInt());
    assertEquals("podinfo-canary", route.at("/1/destination/host").asText());
    assertEquals(canaryWeight, route.at("/1/weight").asInt());
    assertEquals(1, vs.at("/spec/http").size());
  }

  @Test
  void isTheApexObjectOwnedByTheCanary() {
    // given
    Canary canary = podinfo();

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    assertEquals("networking.istio.io/v1beta1", vs.get("apiVersion").asText());
    assertEquals("VirtualService", vs.get("kind").asText());
    assertEquals("podinfo", vs.at("/metadata/name").asText());
    assertEquals("test", vs.at("/metadata/namespace").asText());
    assertEquals(json(List.of(canary.ownerReference())), vs.at("/metadata/ownerReferences"));
    assertEquals(json(List.of("podinfo")), vs.at("/spec/hosts"));
    assertEquals(json(List.of("mesh")), vs.at("/spec/gateways"));
    assertFalse(vs.at("/spec/http/0").has("match"), vs.toString());
    assertFalse(vs.at("/spec/http/0/route/0/destination").has("port"), vs.toString());
  }

  @Test
  void carriesTheApexMetadataAndTellsFluxToKeepOff() {
    // given
    Canary canary =
        canary(
            """
            metadata: {name: podinfo, namespace: test}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
              service:
                name: frontend
                port: 9898
                apex:
                  labels: {team: web}
                  annotations: {owner: web-team}
              analysis: {interval: 1m}
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    assertEquals("frontend", vs.at("/metadata/name").asText());
    assertEquals(json(java.util.Map.of("team", "web")), vs.at("/metadata/labels"));
    JsonNode annotations = vs.at("/metadata/annotations");
    assertEquals("web-team", annotations.get("owner").asText());
    assertEquals("disabled", annotations.get("kustomize.toolkit.fluxcd.io/reconcile").asText());
    assertEquals("disabled", annotations.get("helm.toolkit.fluxcd.io/driftDetection").asText());
    assertEquals("frontend-primary", vs.at("/spec/http/0/route/0/destination/host").asText());
    assertEquals("frontend-canary", vs.at("/spec/http/0/route/1/destination/host").asText());
  }

  @Test
  void refusesWeightsThatDoNotSumTo100() {
    // given
    Canary canary = podinfo();

    // when / then
    assertThrows(
        IllegalArgumentException.class,
        () -> VirtualServiceModel.desired(canary, new Routes(60, 50, false)));
    assertThrows(
        IllegalArgumentException.class,
        () -> VirtualServiceModel.desired(canary, new Routes(110, -10, false)));
  }

  @Test
  void bindsToGatewaysAndAddsTheApexHost() {
    // given
    Canary canary =
        withService(
            """
            port: 9898
            gateways: [public-gateway.istio-system.svc.cluster.local, mesh]
            hosts: [app.example.com]
            """);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.weighted(10)));

    // then
    assertEquals(json(List.of("app.example.com", "podinfo")), vs.at("/spec/hosts"));
    assertEquals(
        json(List.of("public-gateway.istio-system.svc.cluster.local", "mesh")),
        vs.at("/spec/gateways"));
  }

  @Test
  void doesNotAddTheApexHostWhenAWildcardCoversIt() {
    // given
    Canary canary = withService("{port: 9898, hosts: ['*'], gateways: [public-gateway]}");

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    assertEquals(json(List.of("*")), vs.at("/spec/hosts"));
  }

  @Test
  void namesThePortOnlyForDiscoveredPortsBehindAGateway() {
    // given
    Canary gateway = withService("{port: 9898, portDiscovery: true, gateways: [public-gateway]}");
    Canary mesh = withService("{port: 9898, portDiscovery: true}");

    // when
    JsonNode viaGateway = validJson(VirtualServiceModel.desired(gateway, Routes.weighted(20)));
    JsonNode inMesh = validJson(VirtualServiceModel.desired(mesh, Routes.weighted(20)));

    // then
    assertEquals(9898, viaGateway.at("/spec/http/0/route/0/destination/port/number").asInt());
    assertEquals(9898, viaGateway.at("/spec/http/0/route/1/destination/port/number").asInt());
    assertFalse(inMesh.at("/spec/http/0/route/0/destination").has("port"), inMesh.toString());
  }

  @Test
  void aDelegateHasNeitherHostsNorGateways() {
    // given
    Canary canary = withService("{port: 9898, delegation: true, portDiscovery: true}");

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.weighted(30)));

    // then
    assertFalse(vs.get("spec").has("hosts"), vs.toString());
    assertFalse(vs.get("spec").has("gateways"), vs.toString());
    assertEquals(70, vs.at("/spec/http/0/route/0/weight").asInt());
    assertEquals(9898, vs.at("/spec/http/0/route/0/destination/port/number").asInt());
  }

  @Test
  void mirrorsToTheCanaryForBlueGreen() {
    // given
    Canary canary = podinfo();
    canary.getSpec().getAnalysis().setIterations(10);
    canary.getSpec().getAnalysis().setMirror(true);
    canary.getSpec().getAnalysis().setMirrorWeight(50);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, new Routes(100, 0, true)));

    // then
    JsonNode http = vs.at("/spec/http/0");
    assertEquals("podinfo-canary", http.at("/mirror/host").asText());
    assertEquals(50.0, http.at("/mirrorPercentage/value").asDouble());
    assertEquals(100, http.at("/route/0/weight").asInt());
    assertEquals(0, http.at("/route/1/weight").asInt());
  }

  @Test
  void mirrorsEveryRequestWithoutAMirrorWeight() {
    // given
    Canary canary = podinfo();

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, new Routes(100, 0, true)));

    // then
    assertEquals("podinfo-canary", vs.at("/spec/http/0/mirror/host").asText());
    assertFalse(vs.at("/spec/http/0").has("mirrorPercentage"), vs.toString());
  }

  @Test
  void doesNotMirrorUnlessTheRoutesSaySo() {
    // given
    Canary canary = podinfo();
    canary.getSpec().getAnalysis().setMirror(true);

    // when
    JsonNode vs = validJson(VirtualServiceModel.desired(canary, Routes.allToPrimary()));

    // then
    assertFalse(vs.at("/spec/http/0").has("mirror"), vs.toString());
  }

  private static Canary withService(String serviceYaml) {
    String indented = serviceYaml.strip().replace("\n", "\n    ");
    return canary(
        """
        metadata: {name: podinfo, namespace: test}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service:
            %s
          analysis: {interval: 1m}
        """
            .formatted(indented));
  }
}

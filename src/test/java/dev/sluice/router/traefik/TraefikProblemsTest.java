package dev.sluice.router.traefik;

import static dev.sluice.router.traefik.TraefikFixtures.podinfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What provider traefik refuses, each problem naming the field to remove: its own problems, and
 * what its capabilities rule out, as the validator gets them from the descriptors.
 */
class TraefikProblemsTest {
  private static final MeshProviders MESHES = AllMeshProviders.registry();

  @Test
  void weightedAndBlueGreenCanariesAreValid() {
    assertEquals(List.of(), MESHES.problems("traefik", podinfo().getSpec()));
    assertEquals(List.of(), MESHES.problems("traefik", podinfo("", "iterations: 10\n").getSpec()));
  }

  @Test
  void anAbTestIsRefused() {
    Canary canary =
        podinfo("", "iterations: 10\nmatch:\n  - headers: {x-canary: {exact: insider}}\n");

    assertEquals(
        List.of(
            "provider traefik cannot route by request match (A/B testing): remove analysis.match"
                + " (supported: contour, gatewayapi:v1, gatewayapi:v1beta1, istio, nginx)"),
        MESHES.problems("traefik", canary.getSpec()));
  }

  @Test
  void mirroringAndSessionAffinityAreRefused() {
    Canary canary = podinfo("", "mirror: true\nsessionAffinity:\n  cookieName: flagger-cookie\n");

    assertEquals(
        List.of(
            "provider traefik cannot mirror traffic: unset analysis.mirror",
            "provider traefik cannot pin sessions: unset analysis.sessionAffinity (supported:"
                + " gatewayapi:v1, gatewayapi:v1beta1, istio)"),
        MESHES.problems("traefik", canary.getSpec()));
  }

  @Test
  void aServiceMatchIsRefused() {
    Canary canary = podinfo("match: [{uri: {prefix: /api}}]\n", "");

    assertEquals(
        List.of(
            "provider traefik cannot apply spec.service.match: the TraefikService splits every"
                + " request it gets; match requests on your IngressRoute"),
        TraefikProblems.problems(canary.getSpec()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hosts: [app.example.com]",
        "gateways: [public-gateway]",
        "retries: {attempts: 3}",
        "timeout: 5s",
        "headers: {request: {add: {x-a: b}}}",
        "rewrite: {uri: /}",
        "corsPolicy: {allowOrigin: ['*']}",
      })
  void routeSettingsOnlyTheIngressRouteCanApplyAreIgnoredAsByFlagger(String yaml) {
    Canary canary = podinfo(yaml + "\n", "");

    assertEquals(List.of(), MESHES.problems("traefik", canary.getSpec()));
  }

  @Test
  void otherProvidersAreNotItsBusiness() {
    Canary canary = podinfo("hosts: [app.example.com]\n", "mirror: true\n");

    assertEquals(List.of(), MESHES.problems("istio", canary.getSpec()));
  }
}

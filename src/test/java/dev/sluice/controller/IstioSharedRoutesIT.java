package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.SessionAffinity;
import dev.sluice.router.istio.IstioRouter;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The VirtualService on the mock API server, shared with its users: their routes stay through a
 * run, what the Canary owns is put back, and session affinity pins users during a run.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class IstioSharedRoutesIT extends ControllerTestBase {

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> http() {
    Map<String, Object> spec =
        (Map<String, Object>)
            cluster.virtualService("podinfo").getAdditionalProperties().get("spec");
    return (List<Map<String, Object>>) spec.get("http");
  }

  private List<String> routeNames() {
    return http().stream().map(r -> String.valueOf(r.getOrDefault("name", ""))).toList();
  }

  @SuppressWarnings("unchecked")
  private void editVirtualService(UnaryOperator<Map<String, Object>> editSpec) {
    client
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .edit(
            vs -> {
              Map<String, Object> spec =
                  new LinkedHashMap<>(
                      (Map<String, Object>) vs.getAdditionalProperties().get("spec"));
              vs.setAdditionalProperty("spec", editSpec.apply(spec));
              return vs;
            });
  }

  private static Map<String, Object> redirect() {
    return Map.of(
        "name",
        "old-docs",
        "match",
        List.of(Map.of("uri", Map.of("prefix", "/docs"))),
        "redirect",
        Map.of("uri", "/help"));
  }

  @Test
  void aUsersRouteStaysAheadThroughARunAndAnEditedHostIsPutBack() {
    // given an initialized canary whose VirtualService someone gave a redirect and exportTo
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    editVirtualService(
        spec -> {
          List<Object> http = new ArrayList<>((List<Object>) spec.get("http"));
          http.add(redirect());
          spec.put("http", http);
          spec.put("exportTo", List.of("."));
          return spec;
        });

    // when an idle tick runs: the redirect moves ahead of Sluice's catch-all, and stays there
    tick();
    assertEquals(List.of("old-docs", "sluice-split"), routeNames());
    String settled = cluster.virtualService("podinfo").getMetadata().getResourceVersion();
    tick();
    assertEquals(settled, cluster.virtualService("podinfo").getMetadata().getResourceVersion());

    // when a run goes through its steps and promotion
    whenANewRevisionIsReady();
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(List.of(100 - expected, expected), cluster.weights("podinfo"));
      assertEquals(List.of("old-docs", "sluice-split"), routeNames());
    }
    tick();
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals(List.of("old-docs", "sluice-split"), routeNames());
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertIstioObjectsValid();

    // when someone adds a host to the VirtualService, the next tick removes it; exportTo stays
    editVirtualService(
        spec -> {
          spec.put("hosts", List.of("app.example.com", "podinfo", "evil.example.com"));
          return spec;
        });
    tick();
    Map<String, Object> spec =
        (Map<String, Object>)
            cluster.virtualService("podinfo").getAdditionalProperties().get("spec");
    assertEquals(List.of("app.example.com", "podinfo"), spec.get("hosts"));
    assertEquals(List.of("."), spec.get("exportTo"));
  }

  @Test
  void deletingTheCanaryReleasesAVirtualServiceThatHoldsAUsersRoute() {
    // given an initialized canary whose VirtualService holds a user's redirect
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    editVirtualService(
        spec -> {
          List<Object> http = new ArrayList<>((List<Object>) spec.get("http"));
          http.add(0, redirect());
          spec.put("http", http);
          return spec;
        });

    // when the Canary is deleted and the target is back
    client
        .resources(dev.sluice.api.v1beta1.Canary.class)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .delete();
    tick();
    cluster.markReady("podinfo");
    tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);

    // then the VirtualService stays, the user's: their redirect, then all to the apex Service
    GenericKubernetesResource released = cluster.virtualService("podinfo");
    assertTrue(
        released.getMetadata().getOwnerReferences().isEmpty(), "not collected with the Canary");
    assertEquals(List.of("old-docs", "podinfo"), routeNames());
    assertTrue(http().get(1).toString().contains("host=podinfo}"), http().get(1).toString());
    assertTrue(cluster.destinationRules().isEmpty());
    ISTIO.assertValid(released);
  }

  @Test
  void sessionAffinityPinsCanaryUsersDuringTheRunAndDeletesTheCookieAfterIt() {
    // given a canary with session affinity
    givenCanary(
        "podinfo-istio.yaml",
        canary -> {
          SessionAffinity affinity = new SessionAffinity();
          affinity.setCookieName("flagger-cookie");
          canary.getSpec().getAnalysis().setSessionAffinity(affinity);
          return canary;
        });
    givenInitialized();

    // when a run starts and takes its first step
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    String cookie = cluster.canary("podinfo").getStatus().getSessionAffinityCookie();
    assertTrue(cookie != null && cookie.startsWith("flagger-cookie="), String.valueOf(cookie));
    cluster.markReady("podinfo");
    tick();

    // then the cookie's holders go to the canary, and the canary's responses set it
    assertEquals(10, weight());
    List<String> names = routeNames();
    assertEquals("sluice-sticky-canary", names.get(names.size() - 2), names.toString());
    Map<String, Object> sticky = http().get(names.size() - 2);
    assertTrue(sticky.toString().contains(cookie), sticky.toString());
    Map<String, Object> split = http().get(names.size() - 1);
    assertTrue(
        split.toString().contains("Set-Cookie=" + cookie + "; Max-Age=86400"), split.toString());
    assertIstioObjectsValid();

    // when the run steps to 30 and is promoted
    tick();
    tick();
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());

    // then no one is pinned any more, and the run's cookie is deleted on the way to the primary
    assertEquals(cookie, cluster.canary("podinfo").getStatus().getSessionAffinityCookie());
    names = routeNames();
    assertEquals(List.of("sluice-expire-flagger-cookie", "sluice-split"), names);
    assertTrue(
        http().get(0).toString().contains(cookie + "; Max-Age=-1"), http().get(0).toString());
    assertIstioObjectsValid();
    assertCanaryValid("podinfo");
  }
}

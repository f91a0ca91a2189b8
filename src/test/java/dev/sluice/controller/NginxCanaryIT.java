package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.router.nginx.IngressValidity;
import dev.sluice.router.nginx.NginxRouter;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Weighted canary runs on NGINX, tick by tick, against the mock API server: the split lives in the
 * canary Ingress's annotations and the user's Ingress is never written.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class NginxCanaryIT extends ControllerTestBase {
  private static final String WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

  @Inject NginxRouter router;

  @Test
  void anAbRunRoutesTheMatchingHeaderToTheCanaryThenGoesBackToWeightZero() {
    // given an A/B canary on one exact header
    String userBefore = givenUserIngress();
    givenCanary(
        "podinfo-nginx.yaml",
        c -> {
          var analysis = c.getSpec().getAnalysis();
          analysis.setStepWeight(null);
          analysis.setMaxWeight(null);
          analysis.setIterations(2);
          var exact = new dev.sluice.api.v1beta1.HeaderStringMatch();
          exact.setExact("insider");
          var match = new dev.sluice.api.v1beta1.AbMatch();
          match.setHeaders(java.util.Map.of("x-canary", exact));
          analysis.setMatch(List.of(match));
          return c;
        });
    givenInitialized();

    // when a new revision runs its iterations
    whenANewRevisionIsReady();
    tick();

    // then requests with the header go to the canary, and no weight is set
    Ingress during = ingress("podinfo-canary");
    assertEquals("x-canary", annotation(during, "nginx.ingress.kubernetes.io/canary-by-header"));
    assertEquals(
        "insider", annotation(during, "nginx.ingress.kubernetes.io/canary-by-header-value"));
    assertEquals(null, annotation(during, WEIGHT));
    IngressValidity.assertValid(during);

    // and once promoted, the canary Ingress takes no traffic
    tick();
    tick();
    cluster.markReady("podinfo-primary");
    for (int i = 0; i < 3 && phase() != CanaryPhase.Succeeded; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Succeeded, phase());
    Ingress after = ingress("podinfo-canary");
    assertEquals("0", annotation(after, WEIGHT));
    assertEquals(null, annotation(after, "nginx.ingress.kubernetes.io/canary-by-header"));
    assertEquals(userBefore, userIngressAsStored(), "the user's Ingress is never written");
  }

  @Test
  void aHealthyRevisionMovesTheCanaryIngressWeightStepByStepAndBackToZero() {
    String userBefore = givenUserIngress();
    givenCanary("podinfo-nginx.yaml", UnaryOperator.identity());
    givenInitialized();
    assertEquals("0", canaryIngressWeight());
    Ingress canaryIngress = ingress("podinfo-canary");
    IngressValidity.assertValid(canaryIngress);
    assertEquals("true", annotation(canaryIngress, "nginx.ingress.kubernetes.io/canary"));
    assertEquals("nginx", annotation(canaryIngress, "kubernetes.io/ingress.class"));
    assertEquals(
        "podinfo-canary",
        canaryIngress
            .getSpec()
            .getRules()
            .get(0)
            .getHttp()
            .getPaths()
            .get(0)
            .getBackend()
            .getService()
            .getName());
    assertEquals("Canary", canaryIngress.getMetadata().getOwnerReferences().get(0).getKind());

    whenANewRevisionIsReady();
    assertEquals(CanaryPhase.Progressing, phase());
    for (int expected : List.of(10, 20, 30)) {
      tick();
      assertEquals(expected, weight());
      assertEquals(Integer.toString(expected), canaryIngressWeight());
    }
    IngressValidity.assertValid(ingress("podinfo-canary"));

    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Finalising, phase());
    assertEquals("0", canaryIngressWeight());
    tick();

    assertEquals(CanaryPhase.Succeeded, phase());
    assertEquals("0", canaryIngressWeight());
    assertEquals(userBefore, userIngressAsStored(), "the user's Ingress is never written");
    assertCanaryValid("podinfo");
  }

  @Test
  void aFailingCanaryIsRolledBackToWeightZero() {
    String userBefore = givenUserIngress();
    givenCanary("podinfo-nginx.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals("10", canaryIngressWeight());

    cluster.markRollingOut("podinfo");
    tick();
    tick(Duration.ofSeconds(150));

    assertEquals(CanaryPhase.Failed, phase());
    assertEquals("0", canaryIngressWeight());
    assertEquals(userBefore, userIngressAsStored(), "the user's Ingress is never written");
  }

  @Test
  void anIdleTickWritesNeitherIngress() {
    givenUserIngress();
    givenCanary("podinfo-nginx.yaml", UnaryOperator.identity());
    givenInitialized();
    tick();
    String before = ingress("podinfo-canary").getMetadata().getResourceVersion();

    tick();
    tick(Duration.ofMinutes(10));

    assertEquals(before, ingress("podinfo-canary").getMetadata().getResourceVersion());
  }

  @Test
  void aChangeToTheUsersIngressReachesTheCanaryIngressWithoutMovingTraffic() {
    givenUserIngress();
    givenCanary("podinfo-nginx.yaml", UnaryOperator.identity());
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals("10", canaryIngressWeight());

    Ingress user = ingress("podinfo");
    client
        .resource(
            new IngressBuilder(user)
                .editSpec()
                .editFirstRule()
                .withHost("www.example.com")
                .endRule()
                .endSpec()
                .build())
        .update();
    cluster.awaitCacheSynced();
    router.reconcile(cluster.canary("podinfo")); // what every tick does before it decides

    Ingress canaryIngress = ingress("podinfo-canary");
    assertEquals("www.example.com", canaryIngress.getSpec().getRules().get(0).getHost());
    assertEquals("10", annotation(canaryIngress, WEIGHT), "a structural change moves no traffic");
  }

  @Test
  void aMissingIngressIsReportedAndTheCanaryWaitsForIt() {
    givenCanary("podinfo-nginx.yaml", UnaryOperator.identity());

    tick();

    var ready = statusCondition("Ready");
    assertEquals("False", ready.getStatus());
    assertEquals("IngressNotFound", ready.getReason());
    assertTrue(ready.getMessage().contains("Ingress " + cluster.namespace + "/podinfo not found"));
    assertNull(ingress("podinfo-canary"));

    givenUserIngress();
    givenInitialized();
    assertNotNull(ingress("podinfo-canary"));
  }

  @Test
  void nginxNeedsAnIngressRefAndCannotMirror() {
    givenUserIngress();
    givenCanary(
        "podinfo-nginx.yaml",
        c -> {
          c.getSpec().setIngressRef(null);
          c.getSpec().getAnalysis().setMirror(true);
          return c;
        });

    tick();

    var ready = statusCondition("Ready");
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(
        ready.getMessage().contains("provider nginx needs spec.ingressRef.name"),
        ready.getMessage());
    assertTrue(
        ready.getMessage().contains("provider nginx cannot mirror traffic"), ready.getMessage());
  }

  @Test
  void deletingTheCanaryRemovesTheCanaryIngressAndLeavesTheUsers() {
    String userBefore = givenUserIngress();
    givenCanary("podinfo-nginx.yaml", ControllerTestBase::revertingOnDeletion);
    givenInitialized();
    assertNotNull(ingress("podinfo-canary"));

    whenTheCanaryIsDeleted();

    assertNull(ingress("podinfo-canary"));
    assertEquals(userBefore, userIngressAsStored());
  }

  /** The Ingress of Flagger's NGINX tutorial; returns it as stored. */
  private String givenUserIngress() {
    cluster.create(
        new IngressBuilder()
            .withNewMetadata()
            .withName("podinfo")
            .withLabels(Map.of("app", "podinfo"))
            .withAnnotations(Map.of("kubernetes.io/ingress.class", "nginx"))
            .endMetadata()
            .withNewSpec()
            .addNewRule()
            .withHost("app.example.com")
            .withNewHttp()
            .addNewPath()
            .withPath("/")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName("podinfo")
            .withNewPort()
            .withNumber(80)
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .endSpec()
            .build());
    return userIngressAsStored();
  }

  private String userIngressAsStored() {
    return client.getKubernetesSerialization().asJson(ingress("podinfo"));
  }

  private Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace(cluster.namespace).withName(name).get();
  }

  private String canaryIngressWeight() {
    return annotation(ingress("podinfo-canary"), WEIGHT);
  }

  private static String annotation(Ingress ingress, String key) {
    return ingress.getMetadata().getAnnotations().get(key);
  }
}

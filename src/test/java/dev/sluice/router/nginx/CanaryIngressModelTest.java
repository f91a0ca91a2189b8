package dev.sluice.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canary Ingress: a copy of the user's pointing at the canary, the split in annotations. */
class CanaryIngressModelTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 10, 50, 99, 100})
  void weightedCopiesTheUsersIngressOntoTheCanaryWithTheWeight(int weight) {
    // given
    Canary canary = canary("");
    Ingress user = userIngress(Map.of("kubernetes.io/ingress.class", "nginx"));

    // when
    Ingress ingress = CanaryIngressModel.desired(canary, user, Routes.weighted(weight));

    // then
    IngressValidity.assertValid(ingress);
    assertEquals("podinfo-canary", ingress.getMetadata().getName());
    assertEquals("test", ingress.getMetadata().getNamespace());
    assertEquals(
        Map.of(
            "kubernetes.io/ingress.class", "nginx",
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-weight", Integer.toString(weight)),
        ingress.getMetadata().getAnnotations());
    assertEquals(Map.of("app", "podinfo"), ingress.getMetadata().getLabels());
    assertEquals(canary.ownerReference(), ingress.getMetadata().getOwnerReferences().get(0));
    var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    assertEquals("podinfo-canary", path.getBackend().getService().getName());
    assertEquals(9898, path.getBackend().getService().getPort().getNumber());
    assertEquals("app.example.com", ingress.getSpec().getRules().get(0).getHost());
    assertEquals("nginx", ingress.getSpec().getIngressClassName());
    assertEquals(user.getSpec().getTls(), ingress.getSpec().getTls());
    assertEquals(Optional.of(Routes.weighted(weight)), CanaryIngressWeights.read(canary, ingress));
  }

  @Test
  void theUsersIngressIsNotTouched() {
    Ingress user = userIngress(Map.of("nginx.ingress.kubernetes.io/canary", "true"));
    Ingress before = new IngressBuilder(user).build();

    CanaryIngressModel.desired(canary(""), user, Routes.weighted(30));

    assertEquals(before, user);
  }

  @Test
  void onlyBackendsOfTheApexServiceAreRenamedAndEveryOneOfThem() {
    Ingress user =
        new IngressBuilder(userIngress(Map.of()))
            .editSpec()
            .editFirstRule()
            .editHttp()
            .addNewPath()
            .withPath("/api")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName("podinfo")
            .withNewPort()
            .withName("http")
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .addNewPath()
            .withPath("/static")
            .withPathType("Exact")
            .withNewBackend()
            .withNewService()
            .withName("cdn")
            .withNewPort()
            .withNumber(80)
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .withNewDefaultBackend()
            .withNewService()
            .withName("podinfo")
            .withNewPort()
            .withNumber(9898)
            .endPort()
            .endService()
            .endDefaultBackend()
            .endSpec()
            .build();

    Ingress ingress = CanaryIngressModel.desired(canary(""), user, Routes.weighted(10));

    IngressValidity.assertValid(ingress);
    assertEquals(
        List.of("podinfo-canary", "podinfo-canary", "cdn"),
        ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
            .map(p -> p.getBackend().getService().getName())
            .toList());
    assertEquals("podinfo-canary", ingress.getSpec().getDefaultBackend().getService().getName());
  }

  @Test
  void anIngressWithoutTheApexBackendIsRefused() {
    Canary canary = canary("");
    canary.getSpec().getService().setName("frontend");

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CanaryIngressModel.desired(canary, userIngress(Map.of()), Routes.weighted(10)));

    assertEquals("backend frontend not found in Ingress podinfo", e.getMessage());
  }

  @Test
  void theUsersCanaryAnnotationsAreReplacedAndTheOthersKept() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("nginx.ingress.kubernetes.io/rewrite-target", "/");
    annotations.put("nginx.ingress.kubernetes.io/canary", "false");
    annotations.put("nginx.ingress.kubernetes.io/canary-weight", "70");
    annotations.put("nginx.ingress.kubernetes.io/canary-by-header", "x-old");
    annotations.put("nginx.ingress.kubernetes.io/canary-weight-total", "1000");
    annotations.put("kubectl.kubernetes.io/last-applied-configuration", "{}");
    annotations.put("cert-manager.io/cluster-issuer", "letsencrypt");

    Ingress ingress =
        CanaryIngressModel.desired(canary(""), userIngress(annotations), Routes.weighted(20));

    assertEquals(
        Map.of(
            "nginx.ingress.kubernetes.io/rewrite-target", "/",
            "cert-manager.io/cluster-issuer", "letsencrypt",
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-weight", "20"),
        ingress.getMetadata().getAnnotations());
  }

  @Test
  void abTestingRoutesByAnExactHeaderWithoutAWeight() {
    Canary canary =
        canary(
            """
            - headers:
                x-canary: {exact: insider}
            """);

    Ingress ingress =
        CanaryIngressModel.desired(canary, userIngress(Map.of()), new Routes(0, 100, false));

    IngressValidity.assertValid(ingress);
    assertEquals(
        Map.of(
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-by-header", "x-canary",
            "nginx.ingress.kubernetes.io/canary-by-header-value", "insider"),
        ingress.getMetadata().getAnnotations());
    assertEquals(
        Optional.of(new Routes(0, 100, false)), CanaryIngressWeights.read(canary, ingress));
  }

  @Test
  void abTestingRoutesByAHeaderRegexAsAPattern() {
    Canary canary =
        canary(
            """
            - headers:
                user-agent: {regex: ".*Firefox.*"}
            """);

    Ingress ingress =
        CanaryIngressModel.desired(canary, userIngress(Map.of()), new Routes(0, 100, false));

    assertEquals(
        Map.of(
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-by-header", "user-agent",
            "nginx.ingress.kubernetes.io/canary-by-header-pattern", ".*Firefox.*"),
        ingress.getMetadata().getAnnotations());
  }

  @Test
  void abTestingRoutesByTheCookieThatTheCookieHeaderNames() {
    Canary canary =
        canary(
            """
            - headers:
                cookie: {exact: canary}
            """);

    Ingress ingress =
        CanaryIngressModel.desired(canary, userIngress(Map.of()), new Routes(0, 100, false));

    assertEquals(
        Map.of(
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-by-cookie", "canary"),
        ingress.getMetadata().getAnnotations());
    assertEquals(
        Optional.of(new Routes(0, 100, false)), CanaryIngressWeights.read(canary, ingress));
  }

  @Test
  void abTestingBetweenRunsSendsNothingToTheCanary() {
    Canary canary =
        canary(
            """
            - headers:
                x-canary: {exact: insider}
                cookie: {exact: canary}
            """);
    Ingress during =
        CanaryIngressModel.desired(canary, userIngress(Map.of()), new Routes(0, 100, false));

    Ingress after =
        CanaryIngressModel.desired(
            canary,
            new IngressBuilder(userIngress(Map.of()))
                .editMetadata()
                .withAnnotations(during.getMetadata().getAnnotations())
                .endMetadata()
                .build(),
            Routes.allToPrimary());

    assertEquals(
        Map.of(
            "nginx.ingress.kubernetes.io/canary", "true",
            "nginx.ingress.kubernetes.io/canary-weight", "0"),
        after.getMetadata().getAnnotations());
    assertEquals(Optional.of(Routes.allToPrimary()), CanaryIngressWeights.read(canary, after));
  }

  @Test
  void aStructuralReconcileKeepsTheLiveSplit() {
    Canary canary = canary("");
    Ingress live = CanaryIngressModel.desired(canary, userIngress(Map.of()), Routes.weighted(40));
    Ingress changedUser =
        new IngressBuilder(userIngress(Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "8m")))
            .editSpec()
            .editFirstRule()
            .withHost("www.example.com")
            .endRule()
            .endSpec()
            .build();

    Ingress ingress = CanaryIngressModel.desiredKeepingWeights(canary, changedUser, live);

    assertEquals("40", ingress.getMetadata().getAnnotations().get(CanaryIngressModel.WEIGHT));
    assertEquals(
        "8m",
        ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"));
    assertEquals("www.example.com", ingress.getSpec().getRules().get(0).getHost());
    assertEquals(
        "0",
        CanaryIngressModel.desiredKeepingWeights(canary, changedUser, null)
            .getMetadata()
            .getAnnotations()
            .get(CanaryIngressModel.WEIGHT),
        "a new canary Ingress starts with everything on primary");
  }

  @Test
  void anIngressThatIsNoCanaryHasNoSplit() {
    Canary canary = canary("");
    assertFalse(CanaryIngressWeights.read(canary, userIngress(Map.of())).isPresent());
    assertFalse(
        CanaryIngressWeights.read(
                canary,
                userIngress(
                    Map.of(
                        "nginx.ingress.kubernetes.io/canary", "true",
                        "nginx.ingress.kubernetes.io/canary-weight", "lots")))
            .isPresent());
    assertTrue(
        CanaryIngressWeights.read(
                canary, userIngress(Map.of("nginx.ingress.kubernetes.io/canary", "true")))
            .isPresent());
  }

  @Test
  void aSplitThatIsNotOfAHundredIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            CanaryIngressModel.desired(
                canary(""), userIngress(Map.of()), new Routes(50, 60, false)));
  }

  /** Flagger's NGINX tutorial canary, with {@code analysis.match} when {@code match} is given. */
  static Canary canary(String match) {
    String manifest =
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
          namespace: test
          uid: 0b5e6ef4-3c5d-4c1a-9a63-6c2e1f3b2a10
        spec:
          provider: nginx
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: podinfo}
          service: {port: 80, targetPort: 9898}
          analysis:
            interval: 1m
        """
            + (match.isEmpty()
                ? "    stepWeight: 10\n"
                : "    iterations: 10\n    match:\n" + match.indent(6));
    try {
      return YAML.readValue(manifest, Canary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The user's Ingress of Flagger's tutorial, with the given annotations. */
  static Ingress userIngress(Map<String, String> annotations) {
    return new IngressBuilder()
        .withNewMetadata()
        .withName("podinfo")
        .withNamespace("test")
        .withLabels(Map.of("app", "podinfo"))
        .withAnnotations(new LinkedHashMap<>(annotations))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewTl()
        .withHosts("app.example.com")
        .withSecretName("app-tls")
        .endTl()
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
        .withNumber(9898)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }
}

package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.cluster.ProviderFixtures.Fixture;
import dev.sluice.testing.LoopbackReceiver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flagger's end-to-end checks, per provider, on a real control plane: a run rolled back when its
 * rollout webhook fails (a loopback receiver answering 500), a run started by a change of a
 * ConfigMap the target uses, with no new image, A/B testing on the providers that route by header,
 * blue/green on every router, deletion. Each case runs its providers' Canaries side by side, one
 * namespace each, in the time of one run. The Canaries are {@link ProviderFixtures}', shared with
 * {@link RbacE2E}.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class ProviderScenariosE2E {
  private static final Duration RUN = Duration.ofMinutes(2);
  private static final Map<String, Integer> ALL_ON_PRIMARY =
      Map.of("podinfo-primary", 100, "podinfo-canary", 0);

  static List<Fixture> providers() {
    return ProviderFixtures.ALL;
  }

  /** The providers that route by request header (A/B testing). */
  static List<Fixture> headerRouting() {
    return List.of(
        ProviderFixtures.ISTIO_FIXTURE,
        ProviderFixtures.NGINX,
        ProviderFixtures.GATEWAY_API_FIXTURE,
        ProviderFixtures.CONTOUR_FIXTURE);
  }

  /** Keys of an A/B split: the backends of the header-matched route and of the default route. */
  private static final String MATCH = "match:";

  private static final String DEFAULT = "default:";

  private static final String CONFIG_MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: podinfo-config
      data:
        color: blue
      """;

  /** A rollback on every provider, the seven Canaries side by side (one case's time). */
  @Test
  void aFailingRolloutWebhookRollsTheRunBack(ControlPlane plane, SluiceInstall sluice) {
    List<Fixture> fixtures = providers();
    List<TestNamespace> namespaces = new java.util.ArrayList<>();
    try (LoopbackReceiver receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(500, "not today"))) {
      // given a Canary of each provider whose rollout check always fails
      for (Fixture fixture : fixtures) {
        namespaces.add(new TestNamespace(plane, sluice, "hook-" + name(fixture)));
      }
      TestNamespace.eachAtOnce(
          java.util.stream.IntStream.range(0, fixtures.size()).boxed().toList(),
          i -> {
            Fixture fixture = fixtures.get(i);
            TestNamespace ns = namespaces.get(i);
            if (!fixture.extra().isEmpty()) {
              ns.apply(fixture.extra());
            }
            ns.apply(fixture.target("6.0.0"));
            ns.apply(
                fixture.canary(
                    """
                    webhooks:
                      - name: acceptance
                        type: rollout
                        url: %s
                        timeout: 2s
                    """
                        .formatted(receiver.url("/check/" + name(fixture)))));
            ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
            ns.await(
                "all traffic on the primary after take-over: " + fixture,
                () -> ALL_ON_PRIMARY.equals(fixture.weights(ns)),
                RUN);
          });

      // when a new revision is rolled out
      TestNamespace.eachAtOnce(namespaces, ns -> ns.setImage("podinfo", "6.0.1"));

      // then the checks fail up to the threshold and each run is rolled back
      for (int i = 0; i < fixtures.size(); i++) {
        Fixture fixture = fixtures.get(i);
        TestNamespace ns = namespaces.get(i);
        ns.awaitPhase("podinfo", CanaryPhase.Failed, RUN);
        List<LoopbackReceiver.Received> calls =
            receiver.received().stream()
                .filter(r -> r.path().equals("/check/" + name(fixture)))
                .toList();
        assertTrue(calls.size() >= 2, fixture + ": the webhook was called: " + calls);
        assertEquals("POST", calls.get(0).method());
        ns.await(
            "all traffic back on the primary: " + fixture.provider(),
            () -> ALL_ON_PRIMARY.equals(fixture.weights(ns)),
            RUN);
        ns.await(
            "the canary Deployment scaled to 0: " + fixture,
            () -> ns.deployment("podinfo").getSpec().getReplicas() == 0,
            RUN);
        assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"), "" + fixture);
        assertEquals(
            2, ns.readyReplicas("podinfo-primary"), fixture + ": the primary still serves");
        assertEquals(
            CanaryPhase.Failed, ns.phase("podinfo"), fixture + ": and the run stays Failed");
      }
    } finally {
      namespaces.forEach(TestNamespace::close);
    }
  }

  /** A run started by a ConfigMap change on every provider, the Canaries side by side. */
  @Test
  void aChangedConfigMapStartsARunThatPromotesIt(ControlPlane plane, SluiceInstall sluice) {
    List<Fixture> fixtures = providers();
    List<TestNamespace> namespaces = new java.util.ArrayList<>();
    try {
      // given a target that takes its environment from a ConfigMap, and a Canary for it
      for (Fixture fixture : fixtures) {
        namespaces.add(new TestNamespace(plane, sluice, "config-" + name(fixture)));
      }
      TestNamespace.eachAtOnce(
          java.util.stream.IntStream.range(0, fixtures.size()).boxed().toList(),
          i -> {
            Fixture fixture = fixtures.get(i);
            TestNamespace ns = namespaces.get(i);
            ns.apply(config(fixture));
            if (!fixture.extra().isEmpty() && !fixture.tracked()) {
              ns.apply(fixture.extra());
            }
            ns.apply(
                fixture.tracked()
                    ? fixture.target("6.0.0")
                    : ProviderFixtures.trackingConfigMap(TestNamespace.podinfo("6.0.0")));
            ns.apply(fixture.canary());
            ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

            // then the primary runs on a copy of the ConfigMap
            assertEquals("blue", primaryConfig(ns).getData().get("color"), "" + fixture);
            assertEquals(
                List.of("podinfo-config-primary"),
                configMapRefs(ns, "podinfo-primary"),
                fixture + ": the primary's environment comes from the copy");
          });

      // when only the ConfigMap changes
      TestNamespace.eachAtOnce(
          java.util.stream.IntStream.range(0, fixtures.size()).boxed().toList(),
          i ->
              namespaces
                  .get(i)
                  .apply(config(fixtures.get(i)).replace("color: blue", "color: green")));

      // then a run starts and promotes the new configuration; the image never changed
      for (int i = 0; i < fixtures.size(); i++) {
        Fixture fixture = fixtures.get(i);
        TestNamespace ns = namespaces.get(i);
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        assertEquals("green", primaryConfig(ns).getData().get("color"), "" + fixture);
        assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"), "" + fixture);
        assertTrue(
            ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
                .anyMatch(
                    e ->
                        e.getMessage() != null && e.getMessage().contains("New revision detected")),
            fixture + ": the run was started by the change");
        ns.await(
            "all traffic on the promoted primary: " + fixture.provider(),
            () -> ALL_ON_PRIMARY.equals(fixture.weights(ns)),
            RUN);
        ns.await(
            "the canary Deployment scaled to 0: " + fixture,
            () -> ns.deployment("podinfo").getSpec().getReplicas() == 0,
            RUN);
      }
    } finally {
      namespaces.forEach(TestNamespace::close);
    }
  }

  /** The ConfigMap (with the Secret and HPA where the fixture tracks them) the target uses. */
  private static String config(Fixture fixture) {
    return fixture.tracked() ? ProviderFixtures.TRACKED : CONFIG_MAP;
  }

  /**
   * A/B testing on every provider that routes by request header, each in its own namespace and all
   * at once (one case's time).
   */
  @Test
  void abTestingSendsTheMatchingRequestsToTheCanaryThenPromotes(
      ControlPlane plane, SluiceInstall sluice) {
    List<Fixture> routers = headerRouting();
    List<TestNamespace> namespaces = new java.util.ArrayList<>();
    List<RoutingWrites> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      // given a Canary of each provider that tests the new revision on requests with a header
      for (Fixture fixture : routers) {
        namespaces.add(new TestNamespace(plane, sluice, "ab-" + name(fixture)));
        writes.add(null);
      }
      TestNamespace.eachAtOnce(
          java.util.stream.IntStream.range(0, routers.size()).boxed().toList(),
          i -> {
            Fixture fixture = routers.get(i);
            TestNamespace ns = namespaces.get(i);
            if (!fixture.extra().isEmpty()) {
              ns.apply(fixture.extra());
            }
            ns.apply(fixture.target("6.0.0"));
            ns.apply(
                fixture.canaryWith(
                    """
                    iterations: 3
                    match:
                      - headers:
                          x-canary:
                            exact: insider
                    """));
            ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
            writes.set(i, abWrites(fixture, ns));
          });

      // when a new revision is rolled out, every write of the routing objects is recorded
      TestNamespace.eachAtOnce(namespaces, ns -> ns.setImage("podinfo", "6.0.1"));
      for (int i = 0; i < routers.size(); i++) {
        Fixture fixture = routers.get(i);
        TestNamespace ns = namespaces.get(i);
        RoutingWrites written = writes.get(i);
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        ns.await(
            "all traffic on the promoted primary: " + fixture.provider(),
            () -> {
              List<Map<String, Integer>> seen =
                  written.splits().stream().filter(split -> !split.isEmpty()).toList();
              return !seen.isEmpty() && nothingToTheCanary(seen.get(seen.size() - 1));
            },
            RUN);
      }
      writes.forEach(RoutingWrites::close);

      // then during each run the header's requests went to the canary only, the rest to the
      // primary, and after the promotion nothing goes to the canary
      for (int i = 0; i < routers.size(); i++) {
        Fixture fixture = routers.get(i);
        List<Map<String, Integer>> splits = writes.get(i).splits();
        assertTrue(
            splits.stream()
                .anyMatch(
                    s ->
                        s.getOrDefault(MATCH + "podinfo-canary", 0) == 100
                            && s.getOrDefault(MATCH + "podinfo-primary", 0) == 0
                            && s.getOrDefault(DEFAULT + "podinfo-primary", 0) == 100
                            && s.getOrDefault(DEFAULT + "podinfo-canary", 0) == 0),
            fixture
                + ": a write routed x-canary: insider to the canary and the rest to the primary: "
                + splits);
        assertTrue(
            splits.stream().allMatch(s -> s.getOrDefault(DEFAULT + "podinfo-canary", 0) == 0),
            fixture + ": requests without the header never reached the canary: " + splits);
        assertEquals(
            TestNamespace.IMAGE + ":6.0.1",
            namespaces.get(i).image("podinfo-primary"),
            "" + fixture);
      }
    } finally {
      writes.stream().filter(java.util.Objects::nonNull).forEach(RoutingWrites::close);
      namespaces.forEach(TestNamespace::close);
    }
  }

  /**
   * Blue/green (iterations, no weights) on every provider with a routing object, each in its own
   * namespace and all at once (one case's time): Flagger's blue/green checks (the apex Service on
   * the primary after take-over, the primary at the new revision, Succeeded) and, write by write,
   * the routing object's split: no traffic to the canary through its iterations, all of it once
   * they passed, then all on the promoted primary again, no weight in between.
   */
  @Test
  void blueGreenKeepsTheCanaryDarkThroughItsIterationsThenSwitchesOnceOnEveryRouter(
      ControlPlane plane, SluiceInstall sluice) {
    List<Fixture> routers =
        ProviderFixtures.ALL.stream().filter(f -> f != ProviderFixtures.KUBERNETES).toList();
    List<TestNamespace> namespaces = new java.util.ArrayList<>();
    List<RoutingWrites> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      // given a Canary with iterations and no weights for each router
      for (Fixture fixture : routers) {
        namespaces.add(new TestNamespace(plane, sluice, "bluegreen-" + name(fixture)));
        writes.add(null);
      }
      TestNamespace.eachAtOnce(
          java.util.stream.IntStream.range(0, routers.size()).boxed().toList(),
          i -> {
            Fixture fixture = routers.get(i);
            TestNamespace ns = namespaces.get(i);
            if (!fixture.extra().isEmpty()) {
              ns.apply(fixture.extra());
            }
            ns.apply(fixture.target("6.0.0"));
            ns.apply(fixture.canaryWith("iterations: 3\n"));
            ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
            assertEquals(
                Map.of("app", "podinfo-primary"),
                ns.service("podinfo").getSpec().getSelector(),
                fixture + ": the apex Service selects the primary");
            writes.set(i, fixture.routingWrites(ns));
          });

      // when a new revision is rolled out, every write of the routing objects is recorded
      TestNamespace.eachAtOnce(namespaces, ns -> ns.setImage("podinfo", "6.0.1"));
      for (int i = 0; i < routers.size(); i++) {
        Fixture fixture = routers.get(i);
        TestNamespace ns = namespaces.get(i);
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        ns.await(
            "all traffic on the promoted primary: " + fixture,
            () -> ALL_ON_PRIMARY.equals(fixture.weights(ns)),
            RUN);
      }
      writes.forEach(RoutingWrites::close);

      // then the canary got no traffic through its iterations, all of it once they passed,
      // and the promoted primary all of it again: no weight in between
      for (int i = 0; i < routers.size(); i++) {
        Fixture fixture = routers.get(i);
        TestNamespace ns = namespaces.get(i);
        assertEquals(
            List.of(0, 100, 0),
            writes.get(i).canaryWeights(),
            fixture + ": the canary's weight, write by write");
        assertEquals(TestNamespace.IMAGE + ":6.0.1", ns.image("podinfo-primary"), fixture + "");
        assertTrue(
            ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
                .anyMatch(
                    e -> e.getMessage() != null && e.getMessage().contains("canary iteration 3/3")),
            fixture + ": the iterations ran");
      }
    } finally {
      writes.stream().filter(java.util.Objects::nonNull).forEach(RoutingWrites::close);
      namespaces.forEach(TestNamespace::close);
    }
  }

  /** Deletion on every provider, the seven scenarios side by side (one case's time). */
  @Test
  void deletionRevertsAndTheGarbageCollectorRemovesOnlyWhatTheCanaryOwned(
      ControlPlane plane, SluiceInstall sluice) {
    TestNamespace.eachAtOnce(providers(), fixture -> deletion(fixture, plane, sluice));
  }

  private static void deletion(Fixture fixture, ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "delete-" + name(fixture))) {
      // given a Canary of the provider that took over its target
      if (!fixture.extra().isEmpty()) {
        ns.apply(fixture.extra());
      }
      ns.apply(fixture.target("6.0.0"));
      ns.apply(fixture.canary());
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      ns.await("the primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
      Map<String, String> owned = OwnedObjects.ownedByCanary(ns);
      Map<String, String> users = OwnedObjects.notOwnedByCanary(ns);
      assertTrue(
          owned.containsKey("Deployment/podinfo-primary"), fixture + ": owned: " + owned.keySet());
      assertTrue(
          owned.containsKey("Service/podinfo-primary"), fixture + ": owned: " + owned.keySet());
      assertTrue(
          users.containsKey("Deployment/podinfo"), fixture + ": the user's: " + users.keySet());
      if (fixture == ProviderFixtures.NGINX) {
        assertTrue(
            users.containsKey("Ingress/podinfo"), fixture + ": the user's: " + users.keySet());
      }

      // when the Canary is deleted
      plane.kubectl("delete", "-n", ns.name(), "canary/podinfo", "--wait=false");
      ns.await("the Canary gone", () -> ns.canary("podinfo") == null, RUN);

      // then the target serves again behind the apex Service, released by the Canary
      ns.await("the target ready again", () -> ns.readyReplicas("podinfo") == 2, RUN);
      ns.await(
          "the apex Service selects the target",
          () ->
              ns.service("podinfo") != null
                  && Map.of("app", "podinfo").equals(ns.service("podinfo").getSpec().getSelector()),
          RUN);

      // and everything else the Canary owned is removed (the primary by the garbage collector),
      // while every object of the user is still there, the same object
      // (but what is handed to the apex Service: itself and, as the README promises for Contour
      // and Traefik, the routing object the user's root HTTPProxy or IngressRoute refers to)
      Map<String, String> released = new java.util.TreeMap<>(owned);
      released.keySet().removeIf(key -> !handedToTheApex(fixture).contains(key));
      List<String> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
      try {
        ns.await(
            "what the Canary owned removed, but the apex Service",
            () -> {
              Map<String, String> left = OwnedObjects.all(ns);
              kept.clear();
              owned.keySet().stream()
                  .filter(key -> !released.containsKey(key) && left.containsKey(key))
                  .map(
                      key -> key + (owned.get(key).equals(left.get(key)) ? "" : " (written again)"))
                  .forEach(kept::add);
              return kept.isEmpty();
            },
            RUN);
      } catch (AssertionError e) {
        throw new AssertionError(fixture + ": left: " + kept, e);
      }
      for (String key : released.keySet()) {
        if (key.equals("Service/podinfo")) {
          continue;
        }
        String spec = routingSpec(ns, fixture);
        assertTrue(
            spec.contains("podinfo")
                && !spec.contains("podinfo-primary")
                && !spec.contains("podinfo-canary"),
            key + " routes to the apex Service alone: " + spec);
      }
      Map<String, String> after = OwnedObjects.all(ns);
      for (Map.Entry<String, String> user : users.entrySet()) {
        assertEquals(
            user.getValue(),
            after.get(user.getKey()),
            fixture + ": " + user.getKey() + " kept (uid)");
      }
      assertEquals(
          Map.of(),
          OwnedObjects.ownedByCanary(ns),
          fixture + ": nothing is owned by the deleted Canary");
      // the garbage collector removes the primary's pods after their ReplicaSet, in the
      // background: a cascade that takes longer while other namespaces are collected too
      ns.await(
          fixture + ": the primary's pods collected",
          () ->
              ns.client()
                  .pods()
                  .inNamespace(ns.name())
                  .withLabel("app", "podinfo-primary")
                  .list()
                  .getItems()
                  .isEmpty(),
          RUN);
    }
  }

  /** What the Canary's deletion hands to the apex Service rather than deletes. */
  private static List<String> handedToTheApex(Fixture fixture) {
    return switch (fixture.provider()) {
      case "contour" -> List.of("Service/podinfo", "HTTPProxy/podinfo");
      case "traefik" -> List.of("Service/podinfo", "TraefikService/podinfo");
      default -> List.of("Service/podinfo");
    };
  }

  private static String routingSpec(TestNamespace ns, Fixture fixture) {
    String apiVersion =
        "contour".equals(fixture.provider()) ? ProviderFixtures.CONTOUR : ProviderFixtures.TRAEFIK;
    String kind = "contour".equals(fixture.provider()) ? "HTTPProxy" : "TraefikService";
    return String.valueOf(
        ns.client()
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(ns.name())
            .withName("podinfo")
            .get()
            .getAdditionalProperties()
            .get("spec"));
  }

  private static boolean nothingToTheCanary(Map<String, Integer> split) {
    return split.getOrDefault(MATCH + "podinfo-canary", 0) == 0
        && split.getOrDefault(DEFAULT + "podinfo-canary", 0) == 0;
  }

  /**
   * Records the routing object's writes as an A/B split: {@code match:<backend>} for the route of
   * the requests with {@code x-canary}, {@code default:<backend>} for the others.
   */
  private static RoutingWrites abWrites(Fixture fixture, TestNamespace ns) {
    return switch (fixture.provider()) {
      case "istio" ->
          new RoutingWrites(
              ns,
              ProviderFixtures.ISTIO,
              "VirtualService",
              vs -> abSplit(vs, "http", "route", r -> r.path("destination").path("host"), 0));
      case "gatewayapi:v1" ->
          new RoutingWrites(
              ns,
              ProviderFixtures.GATEWAY_API,
              "HTTPRoute",
              route -> abSplit(route, "rules", "backendRefs", r -> r.path("name"), 1));
      case "nginx" ->
          new RoutingWrites(ns, "networking.k8s.io/v1", "Ingress", ProviderScenariosE2E::nginxAb);
      case "contour" ->
          new RoutingWrites(
              ns,
              ProviderFixtures.CONTOUR,
              "HTTPProxy",
              proxy -> abSplit(proxy, "routes", "services", r -> r.path("name"), 0));
      default -> throw new IllegalArgumentException(fixture.provider());
    };
  }

  private static Map<String, Integer> abSplit(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource object,
      String routesField,
      String backendsField,
      java.util.function.Function<
              com.fasterxml.jackson.databind.JsonNode, com.fasterxml.jackson.databind.JsonNode>
          backendName,
      int defaultWeight) {
    com.fasterxml.jackson.databind.JsonNode spec =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .valueToTree(object.getAdditionalProperties().get("spec"));
    Map<String, Integer> split = new java.util.TreeMap<>();
    for (com.fasterxml.jackson.databind.JsonNode route : spec.path(routesField)) {
      String side = route.toString().contains("x-canary") ? MATCH : DEFAULT;
      for (com.fasterxml.jackson.databind.JsonNode backend : route.path(backendsField)) {
        split.merge(
            side + backendName.apply(backend).asText(),
            backend.has("weight")
                ? backend.path("weight").asInt()
                : route.path(backendsField).size() == 1 ? 100 : defaultWeight,
            Integer::sum);
      }
    }
    return split;
  }

  /** The canary Ingress's annotations as an A/B split; the user's Ingress is no split. */
  private static Map<String, Integer> nginxAb(
      io.fabric8.kubernetes.api.model.GenericKubernetesResource ingress) {
    if (!"podinfo-canary".equals(ingress.getMetadata().getName())) {
      return Map.of();
    }
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    String prefix = "nginx.ingress.kubernetes.io/";
    boolean byHeader =
        "x-canary".equals(annotations.get(prefix + "canary-by-header"))
            && "insider".equals(annotations.get(prefix + "canary-by-header-value"));
    int weight = Integer.parseInt(annotations.getOrDefault(prefix + "canary-weight", "0"));
    return Map.of(
        MATCH + "podinfo-canary",
        byHeader ? 100 : 0,
        MATCH + "podinfo-primary",
        byHeader ? 0 : 100,
        DEFAULT + "podinfo-canary",
        weight,
        DEFAULT + "podinfo-primary",
        100 - weight);
  }

  private static String name(Fixture fixture) {
    return fixture.provider().replace(':', '-');
  }

  private static ConfigMap primaryConfig(TestNamespace ns) {
    ConfigMap copy =
        ns.client().configMaps().inNamespace(ns.name()).withName("podinfo-config-primary").get();
    assertNotNull(copy, "the primary's copy of the ConfigMap");
    return copy;
  }

  private static List<String> configMapRefs(TestNamespace ns, String deployment) {
    List<EnvFromSource> envFrom =
        ns.deployment(deployment)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnvFrom();
    return envFrom.stream()
        .filter(e -> e.getConfigMapRef() != null)
        .map(e -> e.getConfigMapRef().getName())
        .toList();
  }
}

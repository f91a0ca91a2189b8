package dev.sluice.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Canary per provider, with what it needs beside its target, shared by the end-to-end tests
 * (those that run a scenario over every provider, {@link RbacE2E} and {@link ProviderScenariosE2E},
 * and those that take one provider's Canary with their own analysis); and, per provider, where the
 * traffic split lives and how to read it.
 */
final class ProviderFixtures {
  static final String ISTIO = "networking.istio.io/v1";
  static final String GATEWAY_API = "gateway.networking.k8s.io/v1";
  static final String CONTOUR = "projectcontour.io/v1";
  static final String TRAEFIK = "traefik.io/v1alpha1";
  static final String SMI = "split.smi-spec.io/v1alpha1";

  /**
   * A provider's Canary and what it needs beside the target.
   *
   * @param extra objects applied before the target (empty for none)
   * @param service lines added under {@code spec.service}
   * @param spec lines added under {@code spec}
   */
  record Fixture(String provider, String extra, String service, String spec) {
    /** The Canary, with {@code analysis} lines (webhooks, match) added under its analysis. */
    String canary(String analysis) {
      return canaryWith(
          ("kubernetes".equals(provider) ? "iterations: 2" : "stepWeight: 50\nmaxWeight: 50")
              + "\n"
              + analysis);
    }

    /** The Canary with {@code analysis} lines after its interval and threshold. */
    String canaryWith(String analysis) {
      return """
          apiVersion: flagger.app/v1beta1
          kind: Canary
          metadata:
            name: podinfo
          spec:
            provider: %s
            revertOnDeletion: true
            targetRef:
              apiVersion: apps/v1
              kind: Deployment
              name: podinfo
            progressDeadlineSeconds: 60
            service:
              port: 9898
              targetPort: 9898
          %s
          %s
            analysis:
              interval: 2s
              threshold: 2
          %s
          """
          .formatted(
              provider,
              service.indent(4).stripTrailing(),
              spec.indent(2).stripTrailing(),
              analysis.indent(4).stripTrailing());
    }

    String canary() {
      return canary("");
    }

    /** This fixture with {@code lines} added under {@code spec}. */
    Fixture withSpec(String lines) {
      return new Fixture(provider, extra, service, spec + lines);
    }

    /** Whether the target tracks {@link #TRACKED}'s ConfigMap and Secret. */
    boolean tracked() {
      return extra.equals(TRACKED);
    }

    /** The target at {@code tag}, tracking the ConfigMap (and Secret) when the fixture has them. */
    String target(String tag) {
      return tracked() ? tracking(TestNamespace.podinfo(tag)) : TestNamespace.podinfo(tag);
    }

    /**
     * The split the provider's routing object sets, {@code podinfo-primary} and {@code
     * podinfo-canary} to their weights; empty when there is no routing object (yet).
     */
    Map<String, Integer> weights(TestNamespace ns) {
      return switch (provider) {
        case "kubernetes" -> apexSplit(ns.service("podinfo"));
        case "istio" -> only(ns, ISTIO, "VirtualService", IstioProviderE2E::weights);
        case "gatewayapi:v1" -> only(ns, GATEWAY_API, "HTTPRoute", GatewayApiProviderE2E::weights);
        case "nginx" -> nginxSplit(ns);
        case "contour" -> only(ns, CONTOUR, "HTTPProxy", ProviderFixtures::contourWeights);
        case "traefik" -> only(ns, TRAEFIK, "TraefikService", ProviderFixtures::traefikWeights);
        case "linkerd" -> only(ns, SMI, "TrafficSplit", ProviderFixtures::smiWeights);
        default -> throw new IllegalArgumentException(provider);
      };
    }

    /**
     * Records every write of the provider's routing object as its split (for {@code kubernetes},
     * the apex Service's selector: all to the primary or all to the canary).
     */
    RoutingWrites routingWrites(TestNamespace ns) {
      return switch (provider) {
        case "kubernetes" ->
            new RoutingWrites(ns, "v1", "Service", s -> named(s, "podinfo", this::apexWrite));
        case "istio" -> new RoutingWrites(ns, ISTIO, "VirtualService", IstioProviderE2E::weights);
        case "gatewayapi:v1" ->
            new RoutingWrites(ns, GATEWAY_API, "HTTPRoute", GatewayApiProviderE2E::weights);
        case "nginx" ->
            new RoutingWrites(
                ns,
                "networking.k8s.io/v1",
                "Ingress",
                i -> named(i, "podinfo-canary", ProviderFixtures::nginxWeights));
        case "contour" ->
            new RoutingWrites(ns, CONTOUR, "HTTPProxy", ProviderFixtures::contourWeights);
        case "traefik" ->
            new RoutingWrites(ns, TRAEFIK, "TraefikService", ProviderFixtures::traefikWeights);
        case "linkerd" -> new RoutingWrites(ns, SMI, "TrafficSplit", ProviderFixtures::smiWeights);
        default -> throw new IllegalArgumentException(provider);
      };
    }

    private Map<String, Integer> apexWrite(GenericKubernetesResource service) {
      @SuppressWarnings("unchecked")
      Map<String, Object> selector =
          (Map<String, Object>) ProviderFixtures.spec(service).getOrDefault("selector", Map.of());
      return split("podinfo-primary".equals(selector.get("app")) ? 0 : 100);
    }

    @Override
    public String toString() {
      return provider;
    }
  }

  /** What {@code weights} makes of {@code object} when it is named {@code name}; else no split. */
  private static Map<String, Integer> named(
      GenericKubernetesResource object,
      String name,
      java.util.function.Function<GenericKubernetesResource, Map<String, Integer>> weights) {
    return name.equals(object.getMetadata().getName()) ? weights.apply(object) : Map.of();
  }

  /** The split of NGINX's canary Ingress: its canary-weight annotation. */
  static Map<String, Integer> nginxWeights(GenericKubernetesResource canaryIngress) {
    Map<String, String> annotations = canaryIngress.getMetadata().getAnnotations();
    return split(
        Integer.parseInt(
            annotations == null
                ? "0"
                : annotations.getOrDefault("nginx.ingress.kubernetes.io/canary-weight", "0")));
  }

  private static Map<String, Integer> split(int canaryWeight) {
    return Map.of("podinfo-primary", 100 - canaryWeight, "podinfo-canary", canaryWeight);
  }

  /** The target with a tracked ConfigMap and Secret, and an HPA the primary gets a copy of. */
  static final String TRACKED =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: podinfo-config
      data:
        color: blue
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: podinfo-secret
      stringData:
        token: first
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: podinfo
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        minReplicas: 2
        maxReplicas: 4
        metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 90
      """;

  /** The user's Ingress an NGINX Canary refers to. */
  static final String INGRESS =
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: podinfo
        annotations:
          kubernetes.io/ingress.class: nginx
      spec:
        rules:
          - host: podinfo.example.com
            http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service:
                      name: podinfo
                      port:
                        number: 9898
      """;

  static final Fixture KUBERNETES =
      new Fixture(
          "kubernetes",
          TRACKED,
          "",
          """
          autoscalerRef:
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            name: podinfo
          """);

  static final Fixture ISTIO_FIXTURE =
      new Fixture("istio", "", "hosts:\n  - podinfo.example.com\n", "");

  static final Fixture GATEWAY_API_FIXTURE =
      new Fixture(
          "gatewayapi:v1",
          "",
          """
          hosts:
            - podinfo.example.com
          gatewayRefs:
            - name: gateway
              namespace: gateways
          """,
          "");

  static final Fixture NGINX =
      new Fixture(
          "nginx",
          INGRESS,
          "",
          """
          ingressRef:
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            name: podinfo
          """);

  static final Fixture CONTOUR_FIXTURE = new Fixture("contour", "", "", "");

  /** Every provider, in the order the tests run them. */
  static final List<Fixture> ALL =
      List.of(
          KUBERNETES,
          ISTIO_FIXTURE,
          GATEWAY_API_FIXTURE,
          NGINX,
          CONTOUR_FIXTURE,
          new Fixture("traefik", "", "", ""),
          new Fixture("linkerd", "", "", ""));

  static Stream<Fixture> all() {
    return ALL.stream();
  }

  /** The target with the ConfigMap and Secret in its environment, so Sluice tracks them. */
  static String tracking(String target) {
    return target.replace(
        "          ports:\n",
        """
                  envFrom:
                    - configMapRef:
                        name: podinfo-config
                    - secretRef:
                        name: podinfo-secret
                  ports:
        """);
  }

  /** The target with only the ConfigMap {@code podinfo-config} in its environment. */
  static String trackingConfigMap(String target) {
    return target.replace(
        "          ports:\n",
        """
                  envFrom:
                    - configMapRef:
                        name: podinfo-config
                  ports:
        """);
  }

  private ProviderFixtures() {}

  private static Map<String, Integer> apexSplit(Service apex) {
    if (apex == null) {
      return Map.of();
    }
    boolean primary = "podinfo-primary".equals(apex.getSpec().getSelector().get("app"));
    return Map.of("podinfo-primary", primary ? 100 : 0, "podinfo-canary", primary ? 0 : 100);
  }

  private static Map<String, Integer> nginxSplit(TestNamespace ns) {
    Ingress canary =
        ns.client()
            .network()
            .v1()
            .ingresses()
            .inNamespace(ns.name())
            .withName("podinfo-canary")
            .get();
    if (canary == null) {
      return Map.of();
    }
    String weight =
        canary
            .getMetadata()
            .getAnnotations()
            .getOrDefault("nginx.ingress.kubernetes.io/canary-weight", "0");
    int w = Integer.parseInt(weight);
    return Map.of("podinfo-primary", 100 - w, "podinfo-canary", w);
  }

  /** The split of the one object of {@code kind} in the namespace; empty when there is none. */
  private static Map<String, Integer> only(
      TestNamespace ns,
      String apiVersion,
      String kind,
      java.util.function.Function<GenericKubernetesResource, Map<String, Integer>> weights) {
    List<GenericKubernetesResource> items =
        ns.client()
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(ns.name())
            .list()
            .getItems();
    if (items.isEmpty()) {
      return Map.of();
    }
    if (items.size() > 1) {
      throw new AssertionError("more than one " + kind + " in " + ns.name());
    }
    return weights.apply(items.get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource object) {
    return (Map<String, Object>) object.getAdditionalProperties().get("spec");
  }

  /** The weight of each service of the HTTPProxy's routes. */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> contourWeights(GenericKubernetesResource proxy) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (Object route : (List<Object>) spec(proxy).getOrDefault("routes", List.of())) {
      for (Object service :
          (List<Object>) ((Map<String, Object>) route).getOrDefault("services", List.of())) {
        Map<String, Object> s = (Map<String, Object>) service;
        weights.put((String) s.get("name"), number(s.get("weight")));
      }
    }
    return weights;
  }

  /** The weight of each service of the TraefikService; a service left out has 0. */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> traefikWeights(GenericKubernetesResource service) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("podinfo-primary", 0);
    weights.put("podinfo-canary", 0);
    Map<String, Object> weighted =
        (Map<String, Object>) spec(service).getOrDefault("weighted", Map.of());
    for (Object s : (List<Object>) weighted.getOrDefault("services", List.of())) {
      Map<String, Object> backend = (Map<String, Object>) s;
      weights.put((String) backend.get("name"), number(backend.get("weight")));
    }
    return weights;
  }

  /** The weight of each backend of the TrafficSplit (quantities in v1alpha1). */
  @SuppressWarnings("unchecked")
  static Map<String, Integer> smiWeights(GenericKubernetesResource split) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (Object b : (List<Object>) spec(split).getOrDefault("backends", List.of())) {
      Map<String, Object> backend = (Map<String, Object>) b;
      weights.put((String) backend.get("service"), number(backend.get("weight")));
    }
    return weights;
  }

  private static int number(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
  }
}

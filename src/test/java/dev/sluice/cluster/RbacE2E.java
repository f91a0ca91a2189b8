package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.CanaryPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The ClusterRole in {@code deploy/} grants what the controller uses and nothing more. One run
 * takes a canary of every provider through its whole life on a real control plane (take-over, a
 * promoted revision with changed tracked configs, deletion with {@code revertOnDeletion}); the API
 * server's audit log then tells which (group, resource, verb) the controller's ServiceAccount used.
 * Every rule of the ClusterRole must be among them, or listed in {@link #NOT_REQUESTED} with the
 * reason no scenario can show it, and nothing may have been refused. The scenarios run here, in one
 * test, so that the verdict does not depend on which other end-to-end tests ran before.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class RbacE2E {
  private static final Duration RUN = Duration.ofMinutes(3);

  /** Rules no request of the controller shows in the audit log, each with its reason. */
  static final Map<String, String> NOT_REQUESTED =
      Map.of(
          "flagger.app/canaries/finalizers update",
          "checked by the OwnerReferencesPermissionEnforcement admission plugin when an owner"
              + " reference to a Canary sets blockOwnerDeletion; never a request of its own",
          "networking.istio.io/destinationrules update",
          "written again only when a Canary's trafficPolicy changes, which no scenario does",
          "autoscaling/horizontalpodautoscalers update",
          "written again only when the target's HPA spec changes, which no scenario does",
          "authentication.k8s.io/tokenreviews create",
          "control API authentication (TokenReview/SubjectAccessReview)",
          "authorization.k8s.io/subjectaccessreviews create",
          "control API authentication (TokenReview/SubjectAccessReview)");

  /**
   * Kinds Sluice writes through ResourceWriter, which re-reads the object by name (get) after a 409
   * conflict before it retries: a scenario reaches that only when a write races the informer.
   */
  static final Set<String> REREAD_ON_CONFLICT =
      Set.of(
          "apps/deployments",
          "/services",
          "/configmaps",
          "/secrets",
          "autoscaling/horizontalpodautoscalers",
          "networking.istio.io/virtualservices",
          "networking.istio.io/destinationrules",
          "networking.k8s.io/ingresses",
          "gateway.networking.k8s.io/httproutes",
          "traefik.io/traefikservices",
          "split.smi-spec.io/trafficsplits",
          "projectcontour.io/httpproxies");

  /** A provider's Canary and what it needs beside the target. */
  private record Scenario(String provider, String extra, String canary) {}

  private static String canary(String provider, String spec) {
    return canary(provider, "", spec);
  }

  private static String canary(String provider, String service, String spec) {
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
            ("kubernetes".equals(provider) ? "iterations: 2" : "stepWeight: 50\nmaxWeight: 50")
                .indent(4)
                .stripTrailing());
  }

  /** The target with a tracked ConfigMap and Secret, and an HPA the primary gets a copy of. */
  private static final String TRACKED =
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

  private static final String INGRESS =
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

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "kubernetes",
              TRACKED,
              canary(
                  "kubernetes",
                  """
                  autoscalerRef:
                    apiVersion: autoscaling/v2
                    kind: HorizontalPodAutoscaler
                    name: podinfo
                  """)),
          new Scenario("istio", "", canary("istio", "hosts:\n  - podinfo.example.com\n", "")),
          new Scenario(
              "gatewayapi:v1",
              "",
              canary(
                  "gatewayapi:v1",
                  """
                  hosts:
                    - podinfo.example.com
                  gatewayRefs:
                    - name: gateway
                      namespace: gateways
                  """,
                  "")),
          new Scenario(
              "nginx",
              INGRESS,
              canary(
                  "nginx",
                  """
                  ingressRef:
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    name: podinfo
                  """)),
          new Scenario("contour", "", canary("contour", "")),
          new Scenario("traefik", "", canary("traefik", "")),
          new Scenario("linkerd", "", canary("linkerd", "")));

  @Test
  void everyRuleOfTheClusterRoleIsUsedByAScenarioAndNoneIsMissing(
      ControlPlane plane, SluiceInstall sluice) {
    List<TestNamespace> namespaces = new ArrayList<>();
    try {
      // given a target (with its extras) and a Canary of each provider, each in a namespace
      for (Scenario scenario : SCENARIOS) {
        TestNamespace ns =
            new TestNamespace(plane, sluice, "rbac-" + scenario.provider().replace(':', '-'));
        namespaces.add(ns);
        if (!scenario.extra().isEmpty()) {
          ns.apply(scenario.extra());
        }
        ns.apply(
            scenario.extra().equals(TRACKED)
                ? tracking(TestNamespace.podinfo("6.0.0"))
                : TestNamespace.podinfo("6.0.0"));
        ns.apply(scenario.canary());
      }
      for (TestNamespace ns : namespaces) {
        ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      }

      // when a new revision is rolled out, with new tracked configs where there are some
      for (int i = 0; i < SCENARIOS.size(); i++) {
        TestNamespace ns = namespaces.get(i);
        if (SCENARIOS.get(i).extra().equals(TRACKED)) {
          ns.apply(
              TRACKED
                  .replace("color: blue", "color: green")
                  .replace("token: first", "token: second"));
        }
        ns.setImage("podinfo", "6.0.1");
      }
      for (TestNamespace ns : namespaces) {
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
      }

      // and each Canary is deleted, which restores the target and its routing
      for (TestNamespace ns : namespaces) {
        plane.kubectl("delete", "-n", ns.name(), "canary/podinfo", "--wait=false");
      }
      for (TestNamespace ns : namespaces) {
        ns.await("the Canary gone", () -> ns.canary("podinfo") == null, RUN);
      }
    } finally {
      namespaces.forEach(TestNamespace::close);
    }

    // then nothing was refused, and every rule was used or is listed with its reason
    assertEquals(List.of(), sluice.forbidden(), "requests RBAC refused");
    Set<String> unused = new TreeSet<>(sluice.unusedRules());
    unused.removeAll(NOT_REQUESTED.keySet());
    REREAD_ON_CONFLICT.forEach(kind -> unused.remove(kind + " get"));
    assertEquals(Set.of(), unused, "ClusterRole rules no scenario used; drop them from deploy/");
  }

  /** The target with the ConfigMap and Secret in its environment, so Sluice tracks them. */
  private static String tracking(String target) {
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
}

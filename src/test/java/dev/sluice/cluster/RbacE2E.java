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

  @Test
  void everyRuleOfTheClusterRoleIsUsedByAScenarioAndNoneIsMissing(
      ControlPlane plane, SluiceInstall sluice) {
    List<TestNamespace> namespaces = new ArrayList<>();
    try {
      // given a target (with its extras) and a Canary of each provider, each in a namespace
      for (ProviderFixtures.Fixture fixture : ProviderFixtures.ALL) {
        TestNamespace ns =
            new TestNamespace(plane, sluice, "rbac-" + fixture.provider().replace(':', '-'));
        namespaces.add(ns);
        if (!fixture.extra().isEmpty()) {
          ns.apply(fixture.extra());
        }
        ns.apply(fixture.target("6.0.0"));
        ns.apply(fixture.canary());
      }
      for (TestNamespace ns : namespaces) {
        ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      }

      // when a new revision is rolled out, with new tracked configs where there are some
      for (int i = 0; i < ProviderFixtures.ALL.size(); i++) {
        TestNamespace ns = namespaces.get(i);
        if (ProviderFixtures.ALL.get(i).tracked()) {
          ns.apply(
              ProviderFixtures.TRACKED
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
}

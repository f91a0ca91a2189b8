package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.testing.LoopbackReceiver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code provider: kubernetes} (blue/green with iterations) on a real control plane, with Sluice
 * installed from {@code deploy/} and running under its own ServiceAccount: the take-over, a
 * promoted run, a rollback on a failed webhook, a rollout that never becomes ready, and deletion
 * with the real garbage collector. The Deployment controller, not a test, writes every workload
 * status here.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class KubernetesProviderE2E {
  static final String NEVER_READY = ":never-ready$";
  private static final Duration RUN = Duration.ofMinutes(2);

  private static String canary(String webhooks) {
    return """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
        spec:
          provider: kubernetes
          revertOnDeletion: true
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: podinfo
          progressDeadlineSeconds: 30
          service:
            port: 9898
            targetPort: 9898
          analysis:
            interval: 2s
            threshold: 2
            iterations: 3
        """
        + webhooks;
  }

  @Test
  void takesOverTheTargetThenPromotesANewRevision(ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "k8s-promote")) {
      // given a ready target and a Canary for it
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(canary(""));

      // when Sluice takes it over
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // then the primary serves, built by the real Deployment controller, and the target is idle
      ns.await("the primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
      assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"));
      ns.await(
          "the target at zero", () -> ns.deployment("podinfo").getSpec().getReplicas() == 0, RUN);
      assertEquals(Map.of("app", "podinfo-primary"), ns.service("podinfo").getSpec().getSelector());
      assertEquals(
          Map.of("app", "podinfo-primary"), ns.service("podinfo-primary").getSpec().getSelector());
      assertEquals(Map.of("app", "podinfo"), ns.service("podinfo-canary").getSpec().getSelector());
      assertOwnedByCanary(ns.deployment("podinfo-primary"));
      assertOwnedByCanary(ns.service("podinfo-primary"));
      assertNotNull(
          ns.service("podinfo").getSpec().getClusterIP(), "the API server allocated an IP");

      // when a new revision is rolled out
      ns.setImage("podinfo", "6.0.1");

      // then it runs its iterations and is promoted
      ns.awaitPhase("podinfo", CanaryPhase.Progressing, RUN);
      ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
      assertEquals(TestNamespace.IMAGE + ":6.0.1", ns.image("podinfo-primary"));
      ns.await("the promoted primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
      ns.await(
          "the target at zero", () -> ns.deployment("podinfo").getSpec().getReplicas() == 0, RUN);
      assertEquals(Map.of("app", "podinfo-primary"), ns.service("podinfo").getSpec().getSelector());

      // and the real kubectl shows it with Flagger's printer columns
      String table = plane.kubectl("get", "canaries", "-A", "-o", "wide");
      String header = table.lines().findFirst().orElse("");
      for (String column :
          List.of(
              "NAMESPACE",
              "NAME",
              "STATUS",
              "WEIGHT",
              "LASTTRANSITIONTIME",
              "FAILEDCHECKS",
              "INTERVAL",
              "MAXWEIGHT",
              "STEPWEIGHT",
              "SUSPENDED")) {
        assertTrue(header.contains(column), column + " in " + header);
      }
      assertTrue(
          table.lines().anyMatch(l -> l.startsWith(ns.name()) && l.contains("Succeeded")),
          "the Canary's row:\n" + table);
      assertTrue(
          ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
              .anyMatch(
                  e -> e.getMessage() != null && e.getMessage().contains("Promotion completed")),
          "the promotion was evented: " + events(ns));
    }
  }

  @Test
  void rollsBackWhenTheRolloutWebhookFails(ControlPlane plane, SluiceInstall sluice) {
    try (LoopbackReceiver receiver =
            LoopbackReceiver.answering(LoopbackReceiver.answer(500, "not today"));
        TestNamespace ns = new TestNamespace(plane, sluice, "k8s-webhook")) {
      // given a Canary whose rollout check always fails
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(
          canary(
              """
                  webhooks:
                    - name: acceptance
                      type: rollout
                      url: %s
                      timeout: 2s
              """
                  .formatted(receiver.url("/check"))));
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // when a new revision is rolled out
      ns.setImage("podinfo", "6.0.1");

      // then the checks fail up to the threshold and the run is rolled back
      ns.awaitPhase("podinfo", CanaryPhase.Failed, RUN);
      assertTrue(receiver.received().size() >= 2, "the webhook was called: " + receiver.received());
      assertEquals("POST", receiver.received().get(0).method());
      assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"));
      ns.await(
          "the canary at zero", () -> ns.deployment("podinfo").getSpec().getReplicas() == 0, RUN);
      assertEquals(2, ns.readyReplicas("podinfo-primary"));
      assertEquals(Map.of("app", "podinfo-primary"), ns.service("podinfo").getSpec().getSelector());
    }
  }

  @Test
  void rollsBackARevisionThatNeverBecomesReady(ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "k8s-stuck")) {
      // given a Canary that took over its target
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(canary(""));
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // when the new revision's pods run but never become ready
      ns.setImage("podinfo", "never-ready");

      // then the Deployment controller reports the stuck rollout and Sluice rolls it back
      ns.await(
          "ProgressDeadlineExceeded on the target, written by kube-controller-manager",
          () -> {
            Deployment target = ns.deployment("podinfo");
            return target.getStatus() != null
                    && target.getStatus().getConditions() != null
                    && target.getStatus().getConditions().stream()
                        .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason()))
                || ns.phase("podinfo") == CanaryPhase.Failed;
          },
          RUN);
      ns.awaitPhase("podinfo", CanaryPhase.Failed, RUN);
      assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"));
      assertEquals(2, ns.readyReplicas("podinfo-primary"));
    }
  }

  @Test
  void deletionRestoresTheTargetAndTheGarbageCollectorRemovesWhatTheCanaryOwned(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "k8s-delete")) {
      // given a Canary that took over its target
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(canary(""));
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
      ns.await("the primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
      String primaryUid = ns.deployment("podinfo-primary").getMetadata().getUid();

      // when the Canary is deleted
      plane.kubectl("delete", "-n", ns.name(), "canary/podinfo", "--wait=false");

      // then the target serves again and the apex Service selects it, released by the Canary
      ns.await("the Canary gone", () -> ns.canary("podinfo") == null, RUN);
      ns.await("the target ready again", () -> ns.readyReplicas("podinfo") == 2, RUN);
      Service apex = ns.service("podinfo");
      assertNotNull(apex, "the apex Service stays");
      assertEquals(Map.of("app", "podinfo"), apex.getSpec().getSelector());
      assertTrue(
          apex.getMetadata().getOwnerReferences() == null
              || apex.getMetadata().getOwnerReferences().stream()
                  .noneMatch(o -> "Canary".equals(o.getKind())),
          "the apex Service is no longer owned by the Canary");

      // and the garbage collector removes the primary, its ReplicaSets and Pods, and the Services
      ns.await(
          "the primary Deployment collected", () -> ns.deployment("podinfo-primary") == null, RUN);
      ns.await(
          "the primary's ReplicaSets and Pods collected",
          () ->
              ns.client().apps().replicaSets().inNamespace(ns.name()).list().getItems().stream()
                      .noneMatch(rs -> owned(rs, primaryUid))
                  && ns.client()
                      .pods()
                      .inNamespace(ns.name())
                      .withLabel("app", "podinfo-primary")
                      .list()
                      .getItems()
                      .isEmpty(),
          RUN);
      ns.await(
          "the -primary and -canary Services collected",
          () -> ns.service("podinfo-primary") == null && ns.service("podinfo-canary") == null,
          RUN);
      assertNotNull(ns.deployment("podinfo"), "the target stays");
    }
  }

  private static boolean owned(HasMetadata object, String ownerUid) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> ownerUid.equals(o.getUid()));
  }

  private static void assertOwnedByCanary(HasMetadata object) {
    assertNotNull(object, "written by Sluice");
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    assertTrue(
        owners != null && owners.stream().anyMatch(o -> "Canary".equals(o.getKind())),
        object.getMetadata().getName() + " is owned by the Canary: " + owners);
  }

  private static List<String> events(TestNamespace ns) {
    return ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }
}

package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Canary and its objects as Flagger leaves them after a successful run of {@code provider:
 * istio}: the Canary's status (phase Succeeded, Flagger's own {@code lastAppliedSpec} and {@code
 * lastPromotedSpec} hash, the Promoted condition), the {@code -primary} Deployment with Flagger's
 * labels, {@code flagger-id} annotation and owner reference, the apex/primary/canary Services, the
 * VirtualService at 100/0 and the DestinationRules, the target scaled to zero. Sluice then sees the
 * Canary for the first time (it was suspended while the objects were written; Flagger's Canary has
 * no {@code suspend}) and must take it over without a run: no traffic shift, the primary untouched.
 * A later revision runs as usual.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class FlaggerTakeoverE2E {
  private static final Duration RUN = Duration.ofMinutes(3);

  /** What Flagger's ComputeHash writes into lastAppliedSpec: not a hash Sluice can reproduce. */
  private static final String FLAGGER_HASH = "5b8c6f7d94";

  /** Suspended while Flagger's objects and status are written. */
  private static final String CANARY =
      ProviderFixtures.ISTIO_FIXTURE.withSpec("suspend: true\n").canary();

  /** The objects Flagger's deployment controller and Istio router write, owned by the Canary. */
  private static String flaggerObjects(String uid) {
    String owner =
        """
          ownerReferences:
            - apiVersion: flagger.app/v1beta1
              kind: Canary
              name: podinfo
              uid: %s
              controller: true
              blockOwnerDeletion: true
        """
            .formatted(uid);
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo-primary
          labels:
            app: podinfo-primary
        %1$s
        spec:
          replicas: 2
          progressDeadlineSeconds: 20
          selector:
            matchLabels:
              app: podinfo-primary
          template:
            metadata:
              labels:
                app: podinfo-primary
              annotations:
                flagger-id: 0f6e3c1e-8a53-4a5b-9d8e-2b1f4c6a7d90
            spec:
              containers:
                - name: podinfod
                  image: %2$s:6.0.0
                  ports:
                    - name: http
                      containerPort: 9898
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: podinfo
          labels:
            app: podinfo
        %1$s
        spec:
          type: ClusterIP
          selector:
            app: podinfo-primary
          ports:
            - name: http
              port: 9898
              targetPort: 9898
              protocol: TCP
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: podinfo-primary
          labels:
            app: podinfo-primary
        %1$s
        spec:
          type: ClusterIP
          selector:
            app: podinfo-primary
          ports:
            - name: http
              port: 9898
              targetPort: 9898
              protocol: TCP
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: podinfo-canary
          labels:
            app: podinfo-canary
        %1$s
        spec:
          type: ClusterIP
          selector:
            app: podinfo
          ports:
            - name: http
              port: 9898
              targetPort: 9898
              protocol: TCP
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: DestinationRule
        metadata:
          name: podinfo-primary
        %1$s
        spec:
          host: podinfo-primary
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: DestinationRule
        metadata:
          name: podinfo-canary
        %1$s
        spec:
          host: podinfo-canary
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: podinfo
        %1$s
        spec:
          hosts:
            - podinfo.example.com
            - podinfo
          http:
            - route:
                - destination:
                    host: podinfo-primary
                  weight: 100
                - destination:
                    host: podinfo-canary
                  weight: 0
        """
        .formatted(owner.stripTrailing(), TestNamespace.IMAGE);
  }

  @Test
  void aCanaryFlaggerPromotedIsTakenOverWithoutARunAndTheNextRevisionRuns(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "flagger")) {
      // given the target scaled to zero by Flagger, and its Canary with Flagger's objects
      ns.apply(TestNamespace.podinfo("6.0.0").replace("replicas: 2", "replicas: 0"));
      ns.apply(CANARY);
      String uid = ns.canary("podinfo").getMetadata().getUid();
      ns.apply(flaggerObjects(uid));
      ns.await("the primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
      writeFlaggerStatus(ns);
      Deployment primary = ns.deployment("podinfo-primary");
      long primaryGeneration = primary.getMetadata().getGeneration();

      // when Sluice sees the Canary (Flagger's Canary has no suspend)
      List<Integer> canaryWeights;
      try (RoutingWrites routing =
          new RoutingWrites(
              ns, "networking.istio.io/v1", "VirtualService", IstioProviderE2E::weights)) {
        plane.kubectl(
            "patch",
            "-n",
            ns.name(),
            "canary/podinfo",
            "--type=json",
            "-p",
            "[{\"op\":\"remove\",\"path\":\"/spec/suspend\"}]");
        long generation = ns.canary("podinfo").getMetadata().getGeneration();
        ns.await(
            "Sluice's first status of the Canary",
            () -> {
              CanaryStatus status = ns.canary("podinfo").getStatus();
              return status.getObservedGeneration() != null
                  && status.getObservedGeneration() == generation;
            },
            RUN);
        canaryWeights = routing.canaryWeights();
      }

      // then it stays Succeeded, no traffic moved and the primary was not rolled
      CanaryStatus status = ns.canary("podinfo").getStatus();
      assertEquals(
          CanaryPhase.Succeeded,
          status.getPhase(),
          "phase after the take-over; " + status.getConditions());
      assertEquals(0, status.getCanaryWeight(), "canaryWeight");
      assertEquals(List.of(0), canaryWeights.isEmpty() ? List.of(0) : canaryWeights);
      assertEquals(
          primaryGeneration,
          ns.deployment("podinfo-primary").getMetadata().getGeneration(),
          "the primary's generation");
      assertEquals(
          primary.getSpec().getTemplate(),
          ns.deployment("podinfo-primary").getSpec().getTemplate(),
          "the primary's pod template");
      assertEquals(0, ns.deployment("podinfo").getSpec().getReplicas(), "the target's replicas");

      // when a new revision is rolled out, it runs and is promoted
      ns.setImage("podinfo", "6.0.1");
      ns.awaitPhase("podinfo", CanaryPhase.Progressing, RUN);
      ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
      ns.await(
          "the primary at the new revision",
          () -> (TestNamespace.IMAGE + ":6.0.1").equals(ns.image("podinfo-primary")),
          RUN);
    }
  }

  /** The status Flagger writes when a run ends promoted. */
  private static void writeFlaggerStatus(TestNamespace ns) {
    Canary canary = ns.canary("podinfo");
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    CanaryStatus status = new CanaryStatus();
    status.setPhase(CanaryPhase.Succeeded);
    status.setCanaryWeight(0);
    status.setFailedChecks(0);
    status.setIterations(0);
    status.setLastAppliedSpec(FLAGGER_HASH);
    status.setLastPromotedSpec(FLAGGER_HASH);
    status.setLastTransitionTime(now);
    status.setTrackedConfigs(Map.of());
    CanaryCondition promoted = new CanaryCondition();
    promoted.setType("Promoted");
    promoted.setStatus("True");
    promoted.setReason("Succeeded");
    promoted.setMessage("Canary analysis completed successfully, promotion finished.");
    promoted.setLastUpdateTime(now);
    promoted.setLastTransitionTime(now);
    status.setConditions(List.of(promoted));
    canary.setStatus(status);
    ns.client().resource(canary).updateStatus();
  }
}

package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A later revision runs as usual. And a Canary Flagger left in the middle of a run, which goes on
 * from where Flagger left it. The shapes are Flagger's (fluxcd/flagger: the status fields and the
 * Promoted condition of pkg/canary/status.go, the {@code -primary} labels and {@code flagger-id}
 * annotation of pkg/canary/util.go, the owner references of pkg/router/istio.go).
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
    return flaggerObjects(uid, 0);
  }

  /** Flagger's objects with the VirtualService's canary destination at {@code canaryWeight}. */
  private static String flaggerObjects(String uid, int canaryWeight) {
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
                  weight: %3$d
                - destination:
                    host: podinfo-canary
                  weight: %4$d
        """
        .formatted(owner.stripTrailing(), TestNamespace.IMAGE, 100 - canaryWeight, canaryWeight);
  }

  /** What Flagger's ComputeHash wrote for the new revision it was running. */
  private static final String FLAGGER_HASH_NEW = "7c9d5f8b6d";

  /** A Canary Flagger was running with steps of 10 up to 50. */
  private static final String MID_RUN_CANARY =
      ProviderFixtures.ISTIO_FIXTURE
          .withSpec("suspend: true\n")
          .canaryWith("stepWeight: 10\nmaxWeight: 50\n");

  /**
   * Two Canaries side by side (one run's time): one Flagger promoted, one Flagger stopped in the
   * middle of a run (its controller removed, Sluice installed: status Progressing at canaryWeight
   * 30, the VirtualService at 70/30, the target at the new revision scaled up, the primary at the
   * old one). Flagger itself would go on from there (its scheduler reads the weights back from the
   * router); a Flagger user expects the same of Sluice: the next step is 40, not a new run from 0,
   * and the new revision is promoted once.
   */
  @Test
  void canariesFlaggerLeftPromotedOrMidRunAreTakenOverWhereFlaggerLeftThem(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "flagger");
        TestNamespace midRun = new TestNamespace(plane, sluice, "flagger-midrun")) {
      // given the target scaled to zero by Flagger, and its Canary with Flagger's objects;
      // and beside it a target at the new revision scaled up by Flagger, the primary at the old
      // one, and Flagger's objects with the VirtualService at 70/30
      TestNamespace.eachAtOnce(
          List.<Runnable>of(
              () -> {
                ns.apply(TestNamespace.podinfo("6.0.0").replace("replicas: 2", "replicas: 0"));
                ns.apply(CANARY);
                ns.apply(flaggerObjects(ns.canary("podinfo").getMetadata().getUid()));
                ns.await("the primary ready", () -> ns.readyReplicas("podinfo-primary") == 2, RUN);
                writeFlaggerStatus(ns);
              },
              () -> {
                midRun.apply(TestNamespace.podinfo("6.0.1"));
                midRun.apply(MID_RUN_CANARY);
                midRun.apply(flaggerObjects(midRun.canary("podinfo").getMetadata().getUid(), 30));
                midRun.await(
                    "the primary ready", () -> midRun.readyReplicas("podinfo-primary") == 2, RUN);
                midRun.await("the canary ready", () -> midRun.readyReplicas("podinfo") == 2, RUN);
                writeFlaggerProgressingStatus(midRun, 30);
              }),
          Runnable::run);
      Deployment primary = ns.deployment("podinfo-primary");
      long primaryGeneration = primary.getMetadata().getGeneration();

      // when Sluice sees the Canaries (Flagger's Canary has no suspend)
      try (RoutingWrites midRunRouting = ProviderFixtures.ISTIO_FIXTURE.routingWrites(midRun);
          PrimaryImages midRunPrimary = new PrimaryImages(midRun)) {
        List<Integer> canaryWeights;
        try (RoutingWrites routing = ProviderFixtures.ISTIO_FIXTURE.routingWrites(ns)) {
          unsuspend(plane, midRun);
          unsuspend(plane, ns);
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

        // then the promoted one stays Succeeded, no traffic moved and the primary was not rolled
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

        // and when a new revision of it is rolled out, it runs (checked below)
        ns.setImage("podinfo", "6.0.1");

        // and the run left mid-way goes on from 30 and promotes the new revision
        midRun.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        midRun.await(
            "the VirtualService back on the primary",
            () -> {
              List<Integer> weights = midRunRouting.canaryWeights();
              return weights.size() > 1 && weights.get(weights.size() - 1) == 0;
            },
            RUN);
        midRun.await("the primary at the new revision", () -> midRunPrimary.reached("6.0.1"), RUN);
        assertEquals(
            List.of(30, 40, 50, 0),
            midRunRouting.canaryWeights(),
            "the canary's weight, write by write; " + events(midRun));
        assertEquals(
            List.of(TestNamespace.IMAGE + ":6.0.0", TestNamespace.IMAGE + ":6.0.1"),
            midRunPrimary.folded(),
            "the primary's image, write by write");
        assertFalse(
            events(midRun).stream().anyMatch(m -> m.contains("Restarting")),
            "no restarted analysis: " + events(midRun));
      }

      // and the promoted one's new revision was run and promoted
      ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
      ns.await(
          "the primary at the new revision",
          () -> (TestNamespace.IMAGE + ":6.0.1").equals(ns.image("podinfo-primary")),
          RUN);
      assertTrue(
          events(ns).stream().anyMatch(m -> m.contains("New revision detected")),
          "the new revision ran: " + events(ns));
    }
  }

  private static void unsuspend(ControlPlane plane, TestNamespace ns) {
    plane.kubectl(
        "patch",
        "-n",
        ns.name(),
        "canary/podinfo",
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/suspend\"}]");
  }

  /** The status Flagger's scheduler leaves mid-run (pkg/canary/status.go, setStatusWeight). */
  private static void writeFlaggerProgressingStatus(TestNamespace ns, int canaryWeight) {
    Canary canary = ns.canary("podinfo");
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    CanaryStatus status = new CanaryStatus();
    status.setPhase(CanaryPhase.Progressing);
    status.setCanaryWeight(canaryWeight);
    status.setFailedChecks(0);
    status.setIterations(0);
    status.setLastAppliedSpec(FLAGGER_HASH_NEW);
    status.setLastPromotedSpec(FLAGGER_HASH);
    status.setLastTransitionTime(now);
    status.setTrackedConfigs(Map.of());
    CanaryCondition progressing = new CanaryCondition();
    progressing.setType("Promoted");
    progressing.setStatus("Unknown");
    progressing.setReason("Progressing");
    progressing.setMessage("New revision detected, progressing canary analysis.");
    progressing.setLastUpdateTime(now);
    progressing.setLastTransitionTime(now);
    status.setConditions(List.of(progressing));
    canary.setStatus(status);
    ns.client().resource(canary).updateStatus();
  }

  private static List<String> events(TestNamespace ns) {
    return ns.client().v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "Canary".equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
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

package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.testing.LoopbackReceiver;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The controller SIGKILLed mid-run and started again with the same identity, on a real control
 * plane: the run resumes from {@code Canary.status} (decide-record-do): the weights go on from
 * where they were, the pre-rollout hook that passed is not called again, the new revision reaches
 * the primary exactly once and the run ends Succeeded. The test kills the shared controller and
 * always leaves it running again.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class ControllerRestartE2E {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String VIRTUAL_SERVICE = "networking.istio.io/v1";

  private static String canary(LoopbackReceiver hooks) {
    return ProviderFixtures.ISTIO_FIXTURE.canaryWith(
        """
        stepWeight: 20
        maxWeight: 80
        webhooks:
          - name: prepare
            type: pre-rollout
            url: %s
            timeout: 2s
          - name: done
            type: post-rollout
            url: %s
            timeout: 2s
        """
            .formatted(hooks.url("/pre-rollout"), hooks.url("/post-rollout")));
  }

  @Test
  void aRunResumesFromTheCanaryStatusAfterTheControllerIsKilled(
      ControlPlane plane, SluiceInstall sluice) {
    try (LoopbackReceiver hooks = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        TestNamespace ns = new TestNamespace(plane, sluice, "restart")) {
      // given a Canary that took over its target, with a pre- and a post-rollout hook
      ns.apply(TestNamespace.podinfo("6.0.0"));
      ns.apply(canary(hooks));
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      List<Integer> canaryWeights;
      List<String> primaryImages = new CopyOnWriteArrayList<>();
      try (RoutingWrites writes =
              new RoutingWrites(ns, VIRTUAL_SERVICE, "VirtualService", IstioProviderE2E::weights);
          SharedIndexInformer<Deployment> primary = primaryImages(ns, primaryImages)) {
        // when a new revision is rolled out and the controller is SIGKILLed once the canary
        // weight of 40 is recorded in the Canary's status
        ns.setImage("podinfo", "6.0.1");
        ns.await(
            "canary weight 40 in the status",
            () -> {
              var status = ns.canary("podinfo").getStatus();
              return status != null
                  && status.getCanaryWeight() != null
                  && status.getCanaryWeight() >= 40;
            },
            RUN);
        sluice.killController();
        int weightAtKill = ns.canary("podinfo").getStatus().getCanaryWeight();
        assertEquals(CanaryPhase.Progressing, ns.phase("podinfo"), "killed mid-run");
        assertTrue(weightAtKill < 80, "killed before the last step: " + weightAtKill);

        // and started again with the same ServiceAccount
        sluice.restartController();

        // then the run goes on from the recorded weight and is promoted
        ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        ns.await(
            "the VirtualService back on the primary",
            () -> IstioProviderE2E.weights(virtualService(ns)).get("podinfo-canary") == 0,
            RUN);
        ns.await(
            "the promoted revision on the primary",
            () -> primaryImages.contains(TestNamespace.IMAGE + ":6.0.1"),
            RUN);
        canaryWeights = writes.canaryWeights();
      }

      // the weights went up step by step, never back, through the restart
      assertEquals(List.of(0, 20, 40, 60, 80, 0), canaryWeights, "the canary's weight, by write");
      // the new revision reached the primary exactly once
      assertEquals(
          List.of(TestNamespace.IMAGE + ":6.0.0", TestNamespace.IMAGE + ":6.0.1"),
          folded(primaryImages),
          "the primary's image, write by write");
      // the pre-rollout hook that passed before the kill was not called again; the
      // post-rollout hook ran once, after the promotion
      assertEquals(1, calls(hooks, "/pre-rollout"), "pre-rollout calls: " + hooks.received());
      ns.await("the post-rollout hook called", () -> calls(hooks, "/post-rollout") >= 1, RUN);
      assertEquals(1, calls(hooks, "/post-rollout"), "post-rollout calls");
    } finally {
      sluice.ensureControllerRunning();
    }
  }

  private static long calls(LoopbackReceiver hooks, String path) {
    return hooks.received().stream().filter(r -> path.equals(r.path())).count();
  }

  private static io.fabric8.kubernetes.api.model.GenericKubernetesResource virtualService(
      TestNamespace ns) {
    return ns.client()
        .genericKubernetesResources(VIRTUAL_SERVICE, "VirtualService")
        .inNamespace(ns.name())
        .withName("podinfo")
        .get();
  }

  /** Records the image of every write of the primary Deployment the API server accepted. */
  private static SharedIndexInformer<Deployment> primaryImages(
      TestNamespace ns, List<String> images) {
    return ns.client()
        .apps()
        .deployments()
        .inNamespace(ns.name())
        .withName("podinfo-primary")
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Deployment d) {
                images.add(image(d));
              }

              @Override
              public void onUpdate(Deployment before, Deployment after) {
                images.add(image(after));
              }

              @Override
              public void onDelete(Deployment d, boolean unknown) {}
            });
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static List<String> folded(List<String> values) {
    List<String> folded = new ArrayList<>();
    for (String v : values) {
      if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(v)) {
        folded.add(v);
      }
    }
    return folded;
  }
}

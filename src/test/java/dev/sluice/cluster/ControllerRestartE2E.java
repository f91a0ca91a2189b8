package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.cluster.ProviderFixtures.Fixture;
import dev.sluice.testing.LoopbackReceiver;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The controller SIGKILLed mid-run and started again with the same identity, on a real control
 * plane: the runs resume from {@code Canary.status} (decide-record-do). One Canary per provider
 * ({@link ProviderFixtures}), each in its own namespace, all mid-run at the moment of the kill: the
 * weights (for {@code kubernetes}, blue/green, the iterations) go on from where they were, each
 * written once, the pre-rollout hook that passed is not called again, the new revision reaches each
 * primary exactly once and every run ends Succeeded. The test kills the shared controller and
 * always leaves it running again.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class ControllerRestartE2E {
  private static final Duration RUN = Duration.ofMinutes(3);

  /**
   * Six steps of 15 (six iterations on {@code kubernetes}): the Canaries start within a step of
   * each other, so each is mid-way when the last one has taken its first step.
   */
  private static final int STEPS = 6;

  private static final int STEP = 15;

  private static final List<Integer> WEIGHTS = List.of(0, 15, 30, 45, 60, 75, 90, 0);

  private static String canary(Fixture fixture, LoopbackReceiver hooks) {
    String name = name(fixture);
    return fixture.canaryWith(
        (fixture == ProviderFixtures.KUBERNETES
                ? "iterations: %d\n".formatted(STEPS)
                : "stepWeight: %d\nmaxWeight: %d\n".formatted(STEP, STEP * STEPS))
            + """
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
                .formatted(hooks.url("/pre-rollout/" + name), hooks.url("/post-rollout/" + name)));
  }

  /** One provider's Canary under test, and the writes recorded while it runs. */
  private static final class Run implements AutoCloseable {
    final Fixture fixture;
    final TestNamespace ns;
    final List<Integer> iterations = new CopyOnWriteArrayList<>();
    RoutingWrites routing;
    PrimaryImages primary;
    SharedIndexInformer<Canary> status;

    Run(Fixture fixture, ControlPlane plane, SluiceInstall sluice) {
      this.fixture = fixture;
      this.ns = new TestNamespace(plane, sluice, "restart-" + name(fixture));
    }

    /** Whether the run is past its first step, and so mid-run. */
    boolean pastFirstStep() {
      CanaryStatus s = ns.canary("podinfo").getStatus();
      return s != null
          && s.getPhase() == CanaryPhase.Progressing
          && (fixture == ProviderFixtures.KUBERNETES
              ? s.getIterations() != null && s.getIterations() >= 1
              : s.getCanaryWeight() != null && s.getCanaryWeight() >= STEP);
    }

    void record() {
      routing = fixture.routingWrites(ns);
      primary = new PrimaryImages(ns);
      status = iterations(ns, iterations);
    }

    /** Stops the watches; what they recorded stays. */
    void stopRecording() {
      for (AutoCloseable c : new AutoCloseable[] {routing, primary, status}) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (Exception e) {
          // closing a watch: nothing to keep
        }
      }
    }

    @Override
    public void close() {
      stopRecording();
      ns.close();
    }

    @Override
    public String toString() {
      return fixture.provider();
    }
  }

  @Test
  void runsOfEveryProviderResumeFromTheCanaryStatusAfterTheControllerIsKilled(
      ControlPlane plane, SluiceInstall sluice) {
    List<Run> runs = new ArrayList<>();
    try (LoopbackReceiver hooks = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      // given a Canary of every provider that took over its target, with a pre- and a
      // post-rollout hook
      for (Fixture fixture : ProviderFixtures.ALL) {
        runs.add(new Run(fixture, plane, sluice));
      }
      TestNamespace.eachAtOnce(
          runs,
          run -> {
            if (!run.fixture.extra().isEmpty()) {
              run.ns.apply(run.fixture.extra());
            }
            run.ns.apply(run.fixture.target("6.0.0"));
            run.ns.apply(canary(run.fixture, hooks));
            run.ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);
            run.record();
          });

      // when a new revision is rolled out everywhere and the controller is SIGKILLed once every
      // Canary's status records its first step
      TestNamespace.eachAtOnce(runs, run -> run.ns.setImage("podinfo", "6.0.1"));
      for (Run run : runs) {
        run.ns.await("the first step in the status: " + run, run::pastFirstStep, RUN);
      }
      sluice.killController();
      for (Run run : runs) {
        CanaryStatus atKill = run.ns.canary("podinfo").getStatus();
        assertEquals(CanaryPhase.Progressing, atKill.getPhase(), run + " killed mid-run");
        int step =
            run.fixture == ProviderFixtures.KUBERNETES
                ? atKill.getIterations()
                : atKill.getCanaryWeight() / STEP;
        assertTrue(step < STEPS, run + " killed before the last step: " + step);
      }

      // and started again with the same ServiceAccount
      sluice.restartController();

      // then each run goes on from its recorded step and is promoted
      for (Run run : runs) {
        run.ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
        run.ns.await(
            "the routing back on the primary: " + run,
            () -> {
              List<Integer> weights = run.routing.canaryWeights();
              return !weights.isEmpty() && weights.get(weights.size() - 1) == 0;
            },
            RUN);
        run.ns.await(
            "the promoted revision on the primary: " + run,
            () -> run.primary.reached("6.0.1"),
            RUN);
        run.ns.await(
            "the post-rollout hook called: " + run,
            () -> calls(hooks, "/post-rollout/" + name(run.fixture)) >= 1,
            RUN);
      }
      for (Run run : runs) {
        run.stopRecording();
        System.out.printf(
            "restart %s: weights %s, iterations %s%n",
            run, run.routing.canaryWeights(), folded(run.iterations));
      }

      for (Run run : runs) {
        if (run.fixture == ProviderFixtures.KUBERNETES) {
          // blue/green: the apex Service on the primary through the iterations, counted once
          // each, switched to the canary once they passed, then on the promoted primary
          assertEquals(List.of(0, 100, 0), run.routing.canaryWeights(), run + ": the apex Service");
          assertEquals(
              java.util.stream.IntStream.rangeClosed(0, STEPS).boxed().toList(),
              folded(run.iterations).stream().limit(STEPS + 1).toList(),
              run + ": the iterations, status write by status write");
        } else {
          // the weights went up step by step, never back, through the restart
          assertEquals(WEIGHTS, run.routing.canaryWeights(), run + ": the canary's weight");
        }
        // the new revision reached the primary exactly once
        assertEquals(
            List.of(TestNamespace.IMAGE + ":6.0.0", TestNamespace.IMAGE + ":6.0.1"),
            run.primary.folded(),
            run + ": the primary's image, write by write");
        // the pre-rollout hook that passed before the kill was not called again; the
        // post-rollout hook ran once, after the promotion
        assertEquals(
            1,
            calls(hooks, "/pre-rollout/" + name(run.fixture)),
            run + ": pre-rollout calls: " + hooks.received());
        assertEquals(
            1, calls(hooks, "/post-rollout/" + name(run.fixture)), run + ": post-rollout calls");
      }
    } finally {
      runs.forEach(Run::close);
      sluice.ensureControllerRunning();
    }
  }

  private static String name(Fixture fixture) {
    return fixture.provider().replace(':', '-');
  }

  /** Records the iterations of every status write of the Canary the API server accepted. */
  private static SharedIndexInformer<Canary> iterations(TestNamespace ns, List<Integer> values) {
    return ns.client()
        .resources(Canary.class)
        .inNamespace(ns.name())
        .withName("podinfo")
        .inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Canary c) {
                record(c);
              }

              @Override
              public void onUpdate(Canary before, Canary after) {
                record(after);
              }

              @Override
              public void onDelete(Canary c, boolean unknown) {}

              private void record(Canary c) {
                if (c.getStatus() != null && c.getStatus().getIterations() != null) {
                  values.add(c.getStatus().getIterations());
                }
              }
            });
  }

  private static long calls(LoopbackReceiver hooks, String path) {
    return hooks.received().stream().filter(r -> path.equals(r.path())).count();
  }

  private static <T> List<T> folded(List<T> values) {
    List<T> folded = new ArrayList<>();
    for (T v : values) {
      if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(v)) {
        folded.add(v);
      }
    }
    return folded;
  }
}

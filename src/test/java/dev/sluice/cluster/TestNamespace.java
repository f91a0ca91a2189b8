package dev.sluice.cluster;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One test's namespace on the real control plane, and the steps its scenarios share: apply YAML
 * with the real kubectl, read what the controller wrote, wait for a phase. Deleted (by the real
 * namespace controller) when the test ends.
 */
final class TestNamespace implements AutoCloseable {
  static final String IMAGE = "ghcr.io/stefanprodan/podinfo";

  /** A target Deployment as a user writes it: two replicas of podinfo at {@code tag}. */
  static String podinfo(String tag) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
          labels:
            app: podinfo
        spec:
          replicas: 2
          progressDeadlineSeconds: 20
          selector:
            matchLabels:
              app: podinfo
          template:
            metadata:
              labels:
                app: podinfo
            spec:
              containers:
                - name: podinfod
                  image: %s:%s
                  ports:
                    - name: http
                      containerPort: 9898
        """
        .formatted(IMAGE, tag);
  }

  private final ControlPlane plane;
  private final SluiceInstall sluice;
  private final String name;

  TestNamespace(ControlPlane plane, SluiceInstall sluice, String prefix) {
    this.plane = plane;
    this.sluice = sluice;
    this.name =
        prefix.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 6);
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  String name() {
    return name;
  }

  KubernetesClient client() {
    return plane.client();
  }

  /** Applies {@code yaml} in this namespace with the real kubectl, as a user would. */
  void apply(String yaml) {
    try {
      Path file = Files.createTempFile(plane.dir(), "manifest-", ".yaml");
      Files.writeString(file, yaml);
      plane.kubectl("apply", "-n", name, "-f", file.toString());
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Canary canary(String canary) {
    return client().resources(Canary.class).inNamespace(name).withName(canary).get();
  }

  CanaryPhase phase(String canary) {
    Canary live = canary(canary);
    return live == null || live.getStatus() == null ? null : live.getStatus().getPhase();
  }

  Deployment deployment(String deployment) {
    return client().apps().deployments().inNamespace(name).withName(deployment).get();
  }

  Service service(String service) {
    return client().services().inNamespace(name).withName(service).get();
  }

  /** The image of the first container of {@code deployment}. */
  String image(String deployment) {
    return deployment(deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /**
   * Sets the image of the target's container as a user's rollout does, with {@code kubectl set
   * image} (a patch without a resourceVersion: Sluice and the Deployment controller write the same
   * object meanwhile).
   */
  void setImage(String deployment, String tag) {
    plane.kubectl(
        "set", "image", "-n", name, "deployment/" + deployment, "podinfod=" + IMAGE + ":" + tag);
  }

  /** Replicas of {@code deployment} the Deployment controller counts as ready (0 when absent). */
  int readyReplicas(String deployment) {
    Deployment live = deployment(deployment);
    if (live == null || live.getStatus() == null || live.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return live.getStatus().getReadyReplicas();
  }

  /** Waits for the Canary to reach {@code phase}; fails at once if it reaches {@code Failed}. */
  void awaitPhase(String canary, CanaryPhase phase, Duration timeout) {
    await(
        "Canary " + name + "/" + canary + " " + phase,
        () -> {
          CanaryPhase now = phase(canary);
          if (now == CanaryPhase.Failed && phase != CanaryPhase.Failed) {
            throw new AssertionError(
                "Canary "
                    + name
                    + "/"
                    + canary
                    + " Failed, waiting for "
                    + phase
                    + "; "
                    + canary(canary).getStatus().getConditions()
                    + "\n"
                    + sluice.controllerLogTail());
          }
          return now == phase;
        },
        timeout);
  }

  /** Waits until {@code condition} holds, then returns; fails with the controller's log. */
  void await(String what, Supplier<Boolean> condition, Duration timeout) {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                plane.checkAlive(); // a dead control plane fails at once, saying why
                return Boolean.TRUE.equals(condition.get());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not within "
              + timeout
              + ": "
              + what
              + "\ncontroller log:\n"
              + sluice.controllerLogTail(),
          e);
    }
  }

  /**
   * Does {@code step} for each of {@code items} at once (the real kubectl is a process each apply:
   * scenarios of several namespaces set up in the time of one) and returns when all are done; the
   * first failure is thrown.
   */
  static <T> void eachAtOnce(java.util.List<T> items, java.util.function.Consumer<T> step) {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(items.size());
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (T item : items) {
        done.add(pool.submit(() -> step.accept(item)));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Deletes the namespace; the namespace controller removes what is left in it. */
  @Override
  public void close() {
    client().namespaces().withName(name).delete();
  }
}

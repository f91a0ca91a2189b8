package dev.sluice.playground;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.Manifests;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the playground rolls out: the sample app's Deployment, the Canary (built in, or the user's
 * with the flags applied), then new revisions, waiting for each run's outcome.
 */
final class Scenario {
  static final String NAMESPACE = "playground";
  static final String IMAGE = "ghcr.io/stefanprodan/podinfo:";

  private final KubernetesClient client;
  private final PlaygroundOptions options;
  private String target = "podinfo";
  private String canaryName = "podinfo";

  Scenario(KubernetesClient client, PlaygroundOptions options) {
    this.client = client;
    this.options = options;
  }

  String canaryName() {
    return canaryName;
  }

  /** The target Deployment's name. */
  String target() {
    return target;
  }

  /** The apex Service, and so the VirtualService, Sluice writes for this canary. */
  String apex(Canary canary) {
    var service = canary.getSpec().getService();
    return service != null && service.getName() != null ? service.getName() : target;
  }

  /** Creates the target at version 1.0.0 and the canary (with its templates and providers). */
  Canary create(String smokeUrl, String chatUrl, String sluiceUrl) {
    Canary canary;
    if (options.canary().isPresent()) {
      canary = createUsers(chatUrl);
    } else {
      canary = createBuiltIn(smokeUrl, chatUrl, sluiceUrl);
    }
    if (options.judge() && canary.getSpec().getAnalysis().getJudge() == null) {
      canary.getSpec().getAnalysis().setJudge(new CanaryJudge());
    }
    target = canary.getSpec().getTargetRef().getName();
    canaryName = canary.getMetadata().getName();
    client.resource(deployment(target, "1.0.0", 0, Duration.ZERO)).create();
    return client.resource(canary).create();
  }

  private Canary createBuiltIn(String smokeUrl, String chatUrl, String sluiceUrl) {
    String yaml =
        resource("/playground/podinfo-canary.yaml")
            .replace("${INTERVAL}", options.interval().toSeconds() + "s")
            .replace("${STEP_WEIGHT}", Integer.toString(options.stepWeight()))
            .replace("${MAX_WEIGHT}", Integer.toString(Math.min(100, options.stepWeight() * 2)))
            .replace("${SMOKE_URL}", smokeUrl)
            .replace("${CHAT_URL}", chatUrl)
            .replace("${SLUICE_URL}", sluiceUrl);
    Canary canary = null;
    for (HasMetadata object : Manifests.read(client.getKubernetesSerialization(), yaml)) {
      object.getMetadata().setNamespace(NAMESPACE);
      if (object instanceof Canary c) {
        canary = c;
      } else {
        client.resource(object).create();
      }
    }
    return Objects.requireNonNull(canary, "the built-in manifest has a Canary");
  }

  private Canary createUsers(String chatUrl) {
    String yaml;
    try {
      yaml = Files.readString(options.canary().get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Canary canary = null;
    for (HasMetadata object : Manifests.read(client.getKubernetesSerialization(), yaml)) {
      object.getMetadata().setNamespace(NAMESPACE);
      if (object instanceof Canary c) {
        if (canary != null) {
          throw new IllegalArgumentException("--canary: more than one Canary in the file");
        }
        canary = c;
      } else {
        client.resource(object).create();
      }
    }
    if (canary == null) {
      throw new IllegalArgumentException("--canary: no Canary in the file");
    }
    String provider = canary.getSpec().getProvider();
    if (provider != null && !provider.isBlank() && !provider.equals("istio")) {
      throw new IllegalArgumentException(
          "--canary: the playground routes with an Istio VirtualService; provider '"
              + provider
              + "' is not simulated (use istio, or leave provider empty)");
    }
    // the playground's Prometheus is the only one there is
    canary.getSpec().setMetricsServer(null);
    var analysis = canary.getSpec().getAnalysis();
    if (options.explicit().interval()) {
      analysis.setInterval(options.interval().toSeconds() + "s");
    }
    if (options.explicit().stepWeight()) {
      analysis.setStepWeight(options.stepWeight());
    }
    return canary;
  }

  /**
   * Rolls out a new version and waits for the run it starts to end.
   *
   * @return the phase the run ended in, or the phase it stood in at the deadline
   */
  CanaryPhase rollout(String version, double errorRate, Duration latency, Instant deadline)
      throws InterruptedException {
    String before = status().getLastAppliedSpec();
    update(version, errorRate, latency);
    while (Instant.now().isBefore(deadline)) {
      CanaryStatus status = status();
      boolean newRun = !Objects.equals(before, status.getLastAppliedSpec());
      if (newRun
          && (status.getPhase() == CanaryPhase.Succeeded
              || status.getPhase() == CanaryPhase.Failed)) {
        return status.getPhase();
      }
      Thread.sleep(250);
    }
    return status().getPhase();
  }

  /**
   * Writes the new revision of the target. On a real API server the Deployment controller writes
   * its status meanwhile, so a write from a stale read is refused (409): read it again and retry.
   */
  private void update(String version, double errorRate, Duration latency) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resource(deployment(target, version, errorRate, latency)).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Waits until Sluice has taken the canary over (Initialized). */
  boolean awaitInitialized(Instant deadline) throws InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      if (status().getPhase() == CanaryPhase.Initialized) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  CanaryStatus status() {
    Canary canary =
        client.resources(Canary.class).inNamespace(NAMESPACE).withName(canaryName).get();
    return canary == null || canary.getStatus() == null ? new CanaryStatus() : canary.getStatus();
  }

  /** The sample app's Deployment; the version is the image tag, faults come from the env. */
  private Deployment deployment(String name, String version, double errorRate, Duration latency) {
    Deployment live = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ERROR_RATE", String.format(Locale.ROOT, "%.3f", errorRate));
    env.put("LATENCY_MS", Long.toString(latency.toMillis()));
    Deployment base = live != null ? live : sampleApp(name, version, env);
    return new DeploymentBuilder(base)
        .editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withImage(IMAGE + version)
        .withEnv(
            env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * A Deployment of the sample app as the playground's simulated kubelet runs it: the version is
   * the image tag, faults come from the env ({@code ERROR_RATE}, {@code LATENCY_MS}).
   */
  static Deployment sampleApp(String name, String version, Map<String, String> env) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(IMAGE + version)
        .withEnv(
            env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
        .addNewPort()
        .withName("http")
        .withContainerPort(9898)
        .endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String resource(String name) {
    try (InputStream in = Scenario.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

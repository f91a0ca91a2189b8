package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plays kubelet and the Deployment controller for the Deployments of one namespace: every
 * Deployment with replicas runs one {@link SampleApp} configured by its pod template (see {@link
 * SampleAppSpec}), replaced when the template changes and stopped at zero replicas, and its status
 * says so as the real controller would once the app serves.
 *
 * <p>Deployments are read from an informer; one thread reconciles them on every change and every
 * 200 ms, and writes a status only when it differs from the live one.
 */
public final class Workloads implements Upstreams {

  private static final Logger LOG = Logger.getLogger(Workloads.class);
  private static final long PERIOD_MILLIS = 200;

  /** The app a Deployment runs, and the template it was started from. */
  private record Pods(PodTemplateSpec template, SampleApp app) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Pods> running = new ConcurrentHashMap<>();
  // Templates that cannot run, so that each is reported once, as a crash loop would be.
  private final Map<String, PodTemplateSpec> crashing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(PlaygroundThreads.named("workloads"));
  private volatile SharedIndexInformer<Deployment> informer;

  public Workloads(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Starts watching Deployments; returns once the informer holds the namespace's Deployments. */
  @Override
  public void start() {
    informer = client.apps().deployments().inNamespace(namespace).inform();
    informer.addEventHandler(Upstreams.reconcileOnChange(loop, this::reconcileAll));
    loop.scheduleWithFixedDelay(this::reconcileAll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The app that Deployment {@code deploymentName} runs, if it has replicas and can run. */
  @Override
  public Optional<SampleApp> app(String deploymentName) {
    return Optional.ofNullable(running.get(deploymentName)).map(Pods::app);
  }

  @Override
  public Optional<String> deploymentFor(Service service) {
    return deploymentFor(informer, service);
  }

  /** {@link Upstreams#deploymentFor(Service)} among the Deployments {@code deployments} holds. */
  static Optional<String> deploymentFor(
      SharedIndexInformer<Deployment> deployments, Service service) {
    Map<String, String> selector =
        service.getSpec() == null ? null : service.getSpec().getSelector();
    if (deployments == null || selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    return deployments.getStore().list().stream()
        .filter(d -> templateLabels(d).entrySet().containsAll(selector.entrySet()))
        .map(d -> d.getMetadata().getName())
        .min(Comparator.naturalOrder());
  }

  private static Map<String, String> templateLabels(Deployment deployment) {
    PodTemplateSpec template =
        deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    Map<String, String> labels =
        template == null || template.getMetadata() == null
            ? null
            : template.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private void reconcileAll() {
    Set<String> present = new HashSet<>();
    for (Deployment deployment : informer.getStore().list()) {
      String name = deployment.getMetadata().getName();
      present.add(name);
      try {
        reconcile(deployment, true);
      } catch (RuntimeException e) {
        if (loop.isShutdown()) {
          return; // closing: the client may be gone
        }
        LOG.warnf(
            "%s/%s: cannot play the Deployment controller: %s", namespace, name, e.getMessage());
      }
    }
    for (String name : Set.copyOf(running.keySet())) {
      if (!present.contains(name)) {
        stop(name, "the Deployment is gone");
      }
    }
    crashing.keySet().retainAll(present);
  }

  private void reconcile(Deployment deployment, boolean retryOnConflict) {
    boolean serving = runPods(deployment);
    DeploymentStatus desired =
        SimulatedDeploymentStatus.desired(deployment, serving, Instant.now());
    if (SimulatedDeploymentStatus.same(deployment.getStatus(), desired)) {
      return;
    }
    Deployment updated = new DeploymentBuilder(deployment).withStatus(desired).build();
    try {
      client.apps().deployments().inNamespace(namespace).resource(updated).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 || !retryOnConflict) {
        throw e;
      }
      // Changed since the informer saw it: start over from what the API server holds now.
      Deployment fresh =
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(deployment.getMetadata().getName())
              .get();
      if (fresh != null) {
        reconcile(fresh, false);
      }
    }
  }

  /** Makes the Deployment's app match its template; returns whether it serves. */
  private boolean runPods(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    if (SimulatedDeploymentStatus.replicas(deployment) == 0) {
      stop(name, "scaled to zero");
      return false;
    }
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    Pods current = running.get(name);
    if (current != null && Objects.equals(current.template(), template)) {
      return true;
    }
    SampleAppSpec spec;
    try {
      spec = SampleAppSpec.of(template);
    } catch (IllegalArgumentException e) {
      if (!Objects.equals(crashing.put(name, template), template)) {
        LOG.warnf("%s/%s: the pod template cannot run: %s", namespace, name, e.getMessage());
      }
      stop(name, "its template cannot run");
      return false;
    }
    crashing.remove(name);
    SampleApp app = spec.start();
    running.put(name, new Pods(template, app));
    if (current != null) {
      current.app().close();
    }
    LOG.infof(
        "%s/%s: serving version %s (error rate %s, added latency %d ms) at %s",
        namespace,
        name,
        spec.version(),
        spec.errorRate(),
        spec.addedLatency().toMillis(),
        app.uri());
    return true;
  }

  private void stop(String name, String why) {
    Pods pods = running.remove(name);
    if (pods != null) {
      pods.app().close();
      LOG.infof("%s/%s: stopped version %s: %s", namespace, name, pods.app().version(), why);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (informer != null) {
      informer.close();
    }
    running.values().forEach(pods -> pods.app().close());
    running.clear();
  }
}

package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * On the real control plane, the containers of the namespace's Pods: the Deployment and ReplicaSet
 * controllers create the Pods and the node agent reports them Running and Ready, and every Ready
 * Pod runs one {@link SampleApp} configured by its spec (see {@link SampleAppSpec}), stopped when
 * the Pod stops being Ready or goes. A Deployment's traffic goes to one of its Ready Pods' apps at
 * random, old and new ones alike during a rolling update, as a Service's endpoints would share it.
 *
 * <p>Unlike {@link Workloads} nothing here writes a status: the controller-manager does.
 */
final class PodApps implements Upstreams {

  private static final Logger LOG = Logger.getLogger(PodApps.class);
  private static final long PERIOD_MILLIS = 200;

  /** The app a Pod runs, and the labels the Pod carries. */
  private record Running(String podName, Map<String, String> labels, SampleApp app) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  // Pods that cannot run, so that each is reported once, as a crash loop would be.
  private final Set<String> crashing = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(PlaygroundThreads.named("pod-apps"));
  private volatile SharedIndexInformer<Pod> pods;
  private volatile SharedIndexInformer<Deployment> deployments;

  PodApps(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public void start() {
    deployments = client.apps().deployments().inNamespace(namespace).inform();
    pods = client.pods().inNamespace(namespace).inform();
    pods.addEventHandler(Upstreams.reconcileOnChange(loop, this::reconcileAll));
    loop.scheduleWithFixedDelay(this::reconcileAll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<String> deploymentFor(Service service) {
    return Workloads.deploymentFor(deployments, service);
  }

  @Override
  public Optional<SampleApp> app(String deploymentName) {
    SharedIndexInformer<Deployment> known = deployments;
    Deployment deployment =
        known == null ? null : known.getStore().getByKey(namespace + "/" + deploymentName);
    if (deployment == null || deployment.getSpec() == null) {
      return Optional.empty();
    }
    LabelSelector selector = deployment.getSpec().getSelector();
    Map<String, String> match = selector == null ? null : selector.getMatchLabels();
    if (match == null || match.isEmpty()) {
      return Optional.empty();
    }
    List<SampleApp> serving =
        running.values().stream()
            .filter(r -> r.labels().entrySet().containsAll(match.entrySet()))
            .map(Running::app)
            .toList();
    return serving.isEmpty()
        ? Optional.empty()
        : Optional.of(serving.get(ThreadLocalRandom.current().nextInt(serving.size())));
  }

  private void reconcileAll() {
    Set<String> ready = new HashSet<>();
    try {
      for (Pod pod : pods.getStore().list()) {
        if (isReady(pod)) {
          ready.add(pod.getMetadata().getUid());
          run(pod);
        }
      }
      for (String uid : Set.copyOf(running.keySet())) {
        if (!ready.contains(uid)) {
          Running gone = running.remove(uid);
          gone.app().close();
          LOG.infof(
              "%s/%s: stopped version %s: the Pod is not Ready or gone",
              namespace, gone.podName(), gone.app().version());
        }
      }
    } catch (RuntimeException e) {
      if (!loop.isShutdown()) {
        LOG.warnf("%s: cannot run the Pods' apps: %s", namespace, e.getMessage());
      }
    }
  }

  private void run(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (running.containsKey(uid)) {
      return; // a Pod's spec does not change
    }
    SampleAppSpec spec;
    try {
      spec = SampleAppSpec.of(new PodTemplateSpec(pod.getMetadata(), pod.getSpec()));
    } catch (IllegalArgumentException e) {
      if (crashing.add(uid)) {
        LOG.warnf(
            "%s/%s: the Pod cannot run: %s",
            namespace, pod.getMetadata().getName(), e.getMessage());
      }
      return;
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    SampleApp app = spec.start();
    running.put(
        uid, new Running(pod.getMetadata().getName(), labels == null ? Map.of() : labels, app));
    LOG.infof(
        "%s/%s: serving version %s (error rate %s, added latency %d ms) at %s",
        namespace,
        pod.getMetadata().getName(),
        spec.version(),
        spec.errorRate(),
        spec.addedLatency().toMillis(),
        app.uri());
  }

  /** Ready as the node agent reports it, and not being deleted. */
  private static boolean isReady(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
      return false;
    }
    return pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** How many Pods serve now. */
  int serving() {
    return running.size();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (pods != null) {
      pods.close();
    }
    if (deployments != null) {
      deployments.close();
    }
    running.values().forEach(r -> r.app().close());
    running.clear();
  }
}

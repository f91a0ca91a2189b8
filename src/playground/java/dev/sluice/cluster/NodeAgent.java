package dev.sluice.cluster;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Plays the scheduler and the kubelet of one Node, since no kubelet can run here: registers the
 * Node as Ready (and renews its Lease, as a kubelet does), binds every unscheduled Pod to it, and
 * reports each bound Pod Running and Ready with {@code podIP 127.0.0.1}. A Pod with a container
 * whose image matches {@code neverReady} is reported Running but never Ready, so the Deployment
 * controller itself writes what a stuck rollout looks like (up to {@code
 * ProgressDeadlineExceeded}). A Pod being deleted is removed at once, as a kubelet does once its
 * containers have stopped.
 *
 * <p>Pods come from an informer; one thread handles them in order, and a status is written only
 * when it differs from the one the Pod has.
 */
public final class NodeAgent implements AutoCloseable {
  /** The Node every Pod runs on. */
  public static final String NODE_NAME = "sluice-node";

  private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());
  private static final String POD_IP = "127.0.0.1";
  private static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
  private static final int LEASE_SECONDS = 40;

  private final KubernetesClient client;
  private final Pattern neverReady;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(named("node-heartbeat"));
  private final Thread worker = named("node-agent").newThread(this::work);
  private volatile SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  /**
   * @param neverReady Pods with a container whose image matches it (anywhere: {@link
   *     java.util.regex.Matcher#find()}) never become Ready; null for none
   */
  public NodeAgent(KubernetesClient client, Pattern neverReady) {
    this.client = client;
    this.neverReady = neverReady;
  }

  /** Registers the Node and starts serving Pods; returns once the Node is Ready. */
  public void start() {
    registerNode();
    heartbeat.scheduleWithFixedDelay(this::renewLease, 0, 10, TimeUnit.SECONDS);
    informer = client.pods().inAnyNamespace().inform();
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            queue.add(key(pod));
          }

          @Override
          public void onUpdate(Pod before, Pod after) {
            queue.add(key(after));
          }

          @Override
          public void onDelete(Pod pod, boolean unknownFinalState) {}
        });
    worker.start();
  }

  private void registerNode() {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("16"), "memory", new Quantity("64Gi"), "pods", new Quantity("500"));
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(NODE_NAME)
            .addToLabels("kubernetes.io/hostname", NODE_NAME)
            .addToLabels("kubernetes.io/os", "linux")
            .endMetadata()
            .build();
    Node live = client.nodes().resource(node).serverSideApply();
    String now = timestamp(Instant.now());
    NodeCondition ready =
        new NodeConditionBuilder()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .withMessage("sluice node agent is serving pods")
            .withLastHeartbeatTime(now)
            .withLastTransitionTime(now)
            .build();
    live.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .withCapacity(capacity)
            .withAllocatable(capacity)
            .withConditions(ready)
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(POD_IP)
            .endAddress()
            .addNewAddress()
            .withType("Hostname")
            .withAddress(NODE_NAME)
            .endAddress()
            .withNewNodeInfo()
            .withArchitecture("amd64")
            .withOperatingSystem("linux")
            .withOsImage("sluice node agent")
            .withKernelVersion("")
            .withContainerRuntimeVersion("sluice://none")
            .withKubeletVersion("v0.0.0-sluice")
            .withKubeProxyVersion("")
            .withMachineID("")
            .withSystemUUID("")
            .withBootID("")
            .endNodeInfo()
            .build());
    client.nodes().resource(live).updateStatus();
  }

  private void renewLease() {
    try {
      Lease lease =
          new LeaseBuilder()
              .withNewMetadata()
              .withName(NODE_NAME)
              .withNamespace(NODE_LEASE_NAMESPACE)
              .endMetadata()
              .withNewSpec()
              .withHolderIdentity(NODE_NAME)
              .withLeaseDurationSeconds(LEASE_SECONDS)
              .withRenewTime(
                  java.time.ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS))
              .endSpec()
              .build();
      client.leases().resource(lease).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      if (!closed) {
        LOG.log(Level.WARNING, "node " + NODE_NAME + ": cannot renew its Lease: " + e.getMessage());
      }
    }
  }

  private void work() {
    while (!closed) {
      String key;
      try {
        key = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        continue;
      }
      Pod pod = informer.getStore().getByKey(key);
      if (pod == null) {
        continue;
      }
      try {
        handle(pod);
      } catch (KubernetesClientException e) {
        // a conflict or a Pod gone meanwhile: the informer's next event brings it back
        if (!closed && e.getCode() != 409 && e.getCode() != 404) {
          LOG.log(Level.WARNING, "pod " + key + ": " + e.getMessage());
        }
      }
    }
  }

  private void handle(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      // a kubelet deletes the Pod with no grace once its containers have stopped
      client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      return;
    }
    if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
      Binding binding =
          new BindingBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .endMetadata()
              .withNewTarget()
              .withKind("Node")
              .withApiVersion("v1")
              .withName(NODE_NAME)
              .endTarget()
              .build();
      client.bindings().inNamespace(namespace).resource(binding).create();
      return;
    }
    if (!NODE_NAME.equals(pod.getSpec().getNodeName())) {
      return;
    }
    PodStatus desired = runningStatus(pod, !neverReady(pod));
    if (!sameStatus(pod.getStatus(), desired)) {
      pod.setStatus(desired);
      client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }
  }

  private boolean neverReady(Pod pod) {
    return neverReady != null
        && pod.getSpec().getContainers().stream()
            .anyMatch(c -> c.getImage() != null && neverReady.matcher(c.getImage()).find());
  }

  /**
   * The status a kubelet reports for the Pod: Running, and Ready or not. Timestamps already in the
   * Pod's status are kept, so a second pass writes nothing.
   */
  static PodStatus runningStatus(Pod pod, boolean ready) {
    PodStatus current = Optional.ofNullable(pod.getStatus()).orElseGet(PodStatus::new);
    String now = timestamp(Instant.now());
    String started = Objects.requireNonNullElse(current.getStartTime(), now);
    String readyStatus = ready ? "True" : "False";
    List<PodCondition> conditions =
        List.of(
            condition(current, "PodScheduled", "True", now),
            condition(current, "Initialized", "True", now),
            condition(current, "ContainersReady", readyStatus, now),
            condition(current, "Ready", readyStatus, now));
    List<ContainerStatus> containers =
        pod.getSpec().getContainers().stream()
            .map(
                c ->
                    new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID(c.getImage())
                        .withContainerID(
                            "sluice://" + pod.getMetadata().getUid() + "/" + c.getName())
                        .withReady(ready)
                        .withStarted(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning(started)
                        .endState()
                        .build())
            .toList();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP(POD_IP)
        .withHostIPs(new io.fabric8.kubernetes.api.model.HostIPBuilder().withIp(POD_IP).build())
        .withPodIP(POD_IP)
        .withPodIPs(new PodIPBuilder().withIp(POD_IP).build())
        .withStartTime(started)
        .withQosClass(current.getQosClass())
        .withConditions(conditions)
        .withContainerStatuses(containers)
        .build();
  }

  private static PodCondition condition(PodStatus current, String type, String status, String now) {
    String since =
        Optional.ofNullable(current.getConditions()).orElse(List.of()).stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(PodCondition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now);
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(since)
        .build();
  }

  private static boolean sameStatus(PodStatus live, PodStatus desired) {
    if (live == null || !"Running".equals(live.getPhase())) {
      return false;
    }
    return Objects.equals(live.getPodIP(), desired.getPodIP())
        && Objects.equals(conditionsOf(live), conditionsOf(desired))
        && Objects.equals(containersOf(live), containersOf(desired));
  }

  private static List<String> conditionsOf(PodStatus status) {
    return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
        .map(c -> c.getType() + "=" + c.getStatus())
        .sorted()
        .toList();
  }

  private static List<String> containersOf(PodStatus status) {
    return Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream()
        .map(c -> c.getName() + ":" + c.getImage() + ":" + c.getReady())
        .sorted()
        .toList();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    closed = true;
    heartbeat.shutdownNow();
    worker.interrupt();
    if (informer != null) {
      informer.close();
    }
  }
}

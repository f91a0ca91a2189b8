package dev.sluice.workload;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CustomMetadata;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The three ClusterIP Services of a Canary, as Flagger's Kubernetes router makes them: the apex
 * {@code <svc>} and {@code <svc>-primary} select the primary pods, {@code <svc>-canary} selects the
 * target's pods. Mesh routers send traffic to primary and canary through them.
 */
public final class CanaryServices {

  /** The desired Services of one Canary. */
  public record ServiceSet(Service apex, Service primary, Service canary) {}

  private static final String DEFAULT_PORT_NAME = "http";

  // Mesh proxies' ports are the mesh's, not the application's.
  private static final Set<String> SIDECARS = Set.of("istio-proxy", "envoy");

  private CanaryServices() {}

  /**
   * The desired apex, primary and canary Services.
   *
   * @param targetPodSpec the target's pod spec, read for {@code service.portDiscovery}
   */
  public static ServiceSet desired(Canary canary, SelectorLabel label, PodSpec targetPodSpec) {
    CanaryService service = canary.getSpec().getService();
    List<ServicePort> ports = ports(service, targetPodSpec);
    String apex = canary.apexName();
    boolean headless = Boolean.TRUE.equals(service.getHeadless());
    return new ServiceSet(
        build(canary, apex, label.primaryValue(), service.getApex(), ports, false, label),
        build(
            canary,
            apex + "-primary",
            label.primaryValue(),
            service.getPrimary(),
            ports,
            headless,
            label),
        build(
            canary, apex + "-canary", label.value(), service.getCanary(), ports, headless, label));
  }

  /**
   * The Service ports: {@code service.port} named {@code service.portName} (default {@code http})
   * to {@code service.targetPort} (default: the port), then with {@code portDiscovery} every other
   * container port of the pod spec, sorted by port.
   */
  public static List<ServicePort> ports(CanaryService service, PodSpec targetPodSpec) {
    IntOrString targetPort = targetPort(service);
    List<ServicePort> ports = new ArrayList<>();
    ServicePortBuilder main =
        new ServicePortBuilder()
            .withName(
                service.getPortName() == null || service.getPortName().isEmpty()
                    ? DEFAULT_PORT_NAME
                    : service.getPortName())
            .withProtocol("TCP")
            .withPort(service.getPort())
            .withTargetPort(targetPort == null ? new IntOrString(service.getPort()) : targetPort);
    if (service.getAppProtocol() != null && !service.getAppProtocol().isEmpty()) {
      main.withAppProtocol(service.getAppProtocol());
    }
    ports.add(main.build());
    if (Boolean.TRUE.equals(service.getPortDiscovery())) {
      ports.addAll(discoveredPorts(service, targetPort, targetPodSpec));
    }
    return ports;
  }

  // Flagger's getPorts: named ports keep their name, unnamed ones become tcp-<container>-<index>;
  // the port the Services already expose is skipped.
  private static List<ServicePort> discoveredPorts(
      CanaryService service, IntOrString targetPort, PodSpec spec) {
    Map<String, Integer> byName = new TreeMap<>();
    List<Container> containers = spec == null ? null : spec.getContainers();
    for (Container container : containers == null ? List.<Container>of() : containers) {
      if (SIDECARS.contains(container.getName()) || container.getPorts() == null) {
        continue;
      }
      List<ContainerPort> containerPorts = container.getPorts();
      for (int i = 0; i < containerPorts.size(); i++) {
        ContainerPort port = containerPorts.get(i);
        if (isServicePort(port, service, targetPort)) {
          continue;
        }
        String name =
            port.getName() == null || port.getName().isEmpty()
                ? "tcp-%s-%d".formatted(container.getName(), i)
                : port.getName();
        byName.put(name, port.getContainerPort());
      }
    }
    return byName.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(
            e ->
                new ServicePortBuilder()
                    .withName(e.getKey())
                    .withProtocol("TCP")
                    .withPort(e.getValue())
                    .withTargetPort(new IntOrString(e.getValue()))
                    .build())
        .toList();
  }

  private static boolean isServicePort(
      ContainerPort port, CanaryService service, IntOrString targetPort) {
    if (targetPort == null) {
      return service.getPort().equals(port.getContainerPort());
    }
    if (targetPort.getIntVal() != null) {
      return targetPort.getIntVal().equals(port.getContainerPort());
    }
    return targetPort.getStrVal().equals(port.getName());
  }

  /** {@code service.targetPort}, or null when unset (Flagger treats 0 and "" as unset). */
  private static IntOrString targetPort(CanaryService service) {
    IntOrString value = service.getTargetPort();
    if (value == null) {
      return null;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal() == 0 ? null : new IntOrString(value.getIntVal());
    }
    String text = value.getStrVal();
    return text == null || text.isEmpty() ? null : new IntOrString(text);
  }

  private static Service build(
      Canary canary,
      String name,
      String selectorValue,
      CustomMetadata metadata,
      List<ServicePort> ports,
      boolean headless,
      SelectorLabel label) {
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> annotations = new TreeMap<>();
    if (metadata != null && metadata.getLabels() != null) {
      labels.putAll(metadata.getLabels());
    }
    if (metadata != null && metadata.getAnnotations() != null) {
      annotations.putAll(metadata.getAnnotations());
    }
    labels.put(label.key(), name);
    annotations.putAll(ForeignMetadata.GITOPS_OPT_OUT);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(canary.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(canary.ownerReference())
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP(headless ? "None" : null)
        .withSelector(Map.of(label.key(), selectorValue))
        .withPorts(ports.stream().map(p -> ModelCopy.of(p, ServicePort.class)).toList())
        .withTrafficDistribution(canary.getSpec().getService().getTrafficDistribution())
        .endSpec()
        .build();
  }

  static Comparator<ServicePort> portOrder() {
    return Comparator.comparing(ServicePort::getPort)
        .thenComparing(p -> p.getName() == null ? "" : p.getName());
  }
}

package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges a desired Service (from {@link CanaryServices}) into the one that exists, so that the
 * controller writes only when Sluice's part differs and never takes what others own.
 *
 * <p>Sluice owns the ports, the selector and the traffic distribution. The API server owns {@code
 * clusterIP(s)}, IP families and allocated node ports, which are kept; type and {@code clusterIP:
 * None} are set at creation only (the latter is immutable). Labels and annotations are merged only
 * into a Service this Canary controls, key by key, so keys others add survive: a Service the user
 * created (an existing apex) keeps its metadata, as with Flagger.
 */
public final class ServiceMerge {

  /** The merged Service, and whether it differs from the existing one. */
  public record Merged(Service service, boolean changed) {}

  private ServiceMerge() {}

  /**
   * @param canaryName name of the Canary, whose controller reference marks the Services it owns
   */
  public static Merged merge(Service existing, Service desired, String canaryName) {
    Service merged = ModelCopy.of(existing, Service.class);
    ServiceSpec spec = merged.getSpec();
    ServiceSpec want = desired.getSpec();
    boolean changed = false;

    List<ServicePort> ports = withAllocatedNodePorts(want.getPorts(), spec.getPorts());
    if (!sorted(ports).equals(sorted(spec.getPorts()))) {
      spec.setPorts(ports);
      changed = true;
    }
    if (!Objects.equals(want.getSelector(), spec.getSelector())) {
      spec.setSelector(new LinkedHashMap<>(want.getSelector()));
      changed = true;
    }
    if (want.getTrafficDistribution() != null
        && !want.getTrafficDistribution().equals(spec.getTrafficDistribution())) {
      spec.setTrafficDistribution(want.getTrafficDistribution());
      changed = true;
    }
    if (isControlledBy(existing, canaryName)) {
      ObjectMeta meta = merged.getMetadata();
      Map<String, String> labels = mergeKeys(meta.getLabels(), desired.getMetadata().getLabels());
      Map<String, String> annotations =
          mergeKeys(meta.getAnnotations(), desired.getMetadata().getAnnotations());
      changed |= !Objects.equals(labels, orEmpty(meta.getLabels()));
      changed |= !Objects.equals(annotations, orEmpty(meta.getAnnotations()));
      meta.setLabels(labels);
      meta.setAnnotations(annotations);
    }
    return new Merged(merged, changed);
  }

  /** Whether {@code service}'s controller reference is the Canary {@code canaryName}. */
  public static boolean isControlledBy(Service service, String canaryName) {
    List<OwnerReference> refs = service.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(
                ref ->
                    Boolean.TRUE.equals(ref.getController())
                        && "Canary".equals(ref.getKind())
                        && canaryName.equals(ref.getName()));
  }

  // A NodePort or LoadBalancer Service gets node ports from the API server; sending ports without
  // them would ask for new ones on every write.
  private static List<ServicePort> withAllocatedNodePorts(
      List<ServicePort> desired, List<ServicePort> existing) {
    List<ServicePort> out = new ArrayList<>();
    for (ServicePort port : desired) {
      ServicePort copy = ModelCopy.of(port, ServicePort.class);
      if (existing != null) {
        existing.stream()
            .filter(p -> Objects.equals(p.getName(), port.getName()))
            .filter(p -> p.getNodePort() != null && p.getNodePort() > 0)
            .findFirst()
            .ifPresent(p -> copy.setNodePort(p.getNodePort()));
      }
      out.add(copy);
    }
    return out;
  }

  private static List<ServicePort> sorted(List<ServicePort> ports) {
    return ports == null ? List.of() : ports.stream().sorted(CanaryServices.portOrder()).toList();
  }

  private static Map<String, String> mergeKeys(Map<String, String> have, Map<String, String> want) {
    Map<String, String> out = new LinkedHashMap<>(orEmpty(have));
    if (want != null) {
      out.putAll(want);
    }
    return out;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}

package dev.sluice.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects of a test namespace of every kind a Canary can own or a user can hand it (workloads,
 * Services, configs, autoscalers, Ingresses and each provider's routing kinds), as {@code
 * Kind/name} to uid: a uid tells the same object from one deleted and written again.
 */
final class OwnedObjects {
  private static final List<List<String>> KINDS =
      List.of(
          List.of("apps/v1", "Deployment"),
          List.of("v1", "Service"),
          List.of("v1", "ConfigMap"),
          List.of("v1", "Secret"),
          List.of("autoscaling/v2", "HorizontalPodAutoscaler"),
          List.of("networking.k8s.io/v1", "Ingress"),
          List.of(ProviderFixtures.ISTIO, "VirtualService"),
          List.of(ProviderFixtures.ISTIO, "DestinationRule"),
          List.of(ProviderFixtures.GATEWAY_API, "HTTPRoute"),
          List.of(ProviderFixtures.CONTOUR, "HTTPProxy"),
          List.of(ProviderFixtures.TRAEFIK, "TraefikService"),
          List.of(ProviderFixtures.SMI, "TrafficSplit"));

  private OwnedObjects() {}

  /** Every object of those kinds. */
  static Map<String, String> all(TestNamespace ns) {
    Map<String, String> all = new TreeMap<>();
    for (List<String> kind : KINDS) {
      for (GenericKubernetesResource object :
          ns.client()
              .genericKubernetesResources(kind.get(0), kind.get(1))
              .inNamespace(ns.name())
              .list()
              .getItems()) {
        all.put(key(object), object.getMetadata().getUid());
      }
    }
    return all;
  }

  /** The objects with an owner reference to a Canary. */
  static Map<String, String> ownedByCanary(TestNamespace ns) {
    return select(ns, true);
  }

  /** The objects without an owner reference to a Canary: the user's. */
  static Map<String, String> notOwnedByCanary(TestNamespace ns) {
    return select(ns, false);
  }

  private static Map<String, String> select(TestNamespace ns, boolean owned) {
    Map<String, String> selected = new TreeMap<>();
    for (List<String> kind : KINDS) {
      for (GenericKubernetesResource object :
          ns.client()
              .genericKubernetesResources(kind.get(0), kind.get(1))
              .inNamespace(ns.name())
              .list()
              .getItems()) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        boolean byCanary =
            owners != null && owners.stream().anyMatch(o -> "Canary".equals(o.getKind()));
        if (byCanary == owned) {
          selected.put(key(object), object.getMetadata().getUid());
        }
      }
    }
    return selected;
  }

  private static String key(GenericKubernetesResource object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }
}

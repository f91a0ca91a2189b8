package dev.sluice.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The informers of one namespace that has canaries: its workloads, Services, HPAs and Ingresses,
 * and each mesh kind from its first use. They start when the namespace's first Canary appears and
 * stop with its last, so objects of namespaces without canaries are never held.
 */
final class NamespaceInformers {
  private static final Logger LOG = Logger.getLogger(NamespaceInformers.class);

  private final KubernetesClient client;
  private final String namespace;
  final SharedIndexInformer<Deployment> deployments;
  final SharedIndexInformer<Service> services;
  final SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
  final SharedIndexInformer<Ingress> ingresses;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> generic =
      new ConcurrentHashMap<>();

  /** Lists each kind in {@code namespace} and returns once all have synced. */
  NamespaceInformers(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    LOG.infof("caching namespace %s, which has canaries", namespace);
    List<SharedIndexInformer<?>> startedSoFar = new ArrayList<>();
    try {
      deployments = inform(Deployment.class, startedSoFar);
      services = inform(Service.class, startedSoFar);
      autoscalers = inform(HorizontalPodAutoscaler.class, startedSoFar);
      ingresses = inform(Ingress.class, startedSoFar);
    } catch (RuntimeException e) {
      startedSoFar.forEach(SharedIndexInformer::stop);
      throw e;
    }
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(
      Class<T> type, List<SharedIndexInformer<?>> startedSoFar) {
    SharedIndexInformer<T> informer = client.resources(type).inNamespace(namespace).inform();
    startedSoFar.add(informer);
    return informer;
  }

  /** The informer of a mesh kind, started on first use; throws when its CRD is not installed. */
  SharedIndexInformer<GenericKubernetesResource> generic(ResourceDefinitionContext kind) {
    return generic.computeIfAbsent(
        ClusterCache.key(kind),
        k -> {
          LOG.infof("starting informer for %s in %s", k, namespace);
          return client.genericKubernetesResources(kind).inNamespace(namespace).inform();
        });
  }

  void informers(List<ClusterCache.Informer> into) {
    into.add(named(deployments));
    into.add(named(services));
    into.add(named(autoscalers));
    into.add(named(ingresses));
    generic.forEach(
        (kind, informer) ->
            into.add(new ClusterCache.Informer(kind + " in " + namespace, informer)));
  }

  private ClusterCache.Informer named(SharedIndexInformer<? extends HasMetadata> informer) {
    return new ClusterCache.Informer(ClusterCache.name(informer) + " in " + namespace, informer);
  }

  void stop() {
    deployments.stop();
    services.stop();
    autoscalers.stop();
    ingresses.stop();
    generic.values().forEach(SharedIndexInformer::stop);
  }
}

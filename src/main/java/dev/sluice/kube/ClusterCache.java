package dev.sluice.kube;

import dev.sluice.api.v1beta1.AlertProvider;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.config.SluiceConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Informer-backed reads of every object a tick looks at, so that a tick does no GET on the hot
 * path. Informers of mesh objects start on first use: their CRDs may not be installed in a cluster
 * that does not use that mesh.
 */
@ApplicationScoped
public class ClusterCache {
  private static final Logger LOG = Logger.getLogger(ClusterCache.class);
  private static final String HELM_RELEASE = "helm.sh/release.v1";

  @Inject KubernetesClient client;
  @Inject SluiceConfig config;

  private final List<SharedIndexInformer<?>> started = new ArrayList<>();
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> generic =
      new ConcurrentHashMap<>();
  private SharedIndexInformer<Canary> canaries;
  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<Secret> secrets;
  private SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
  private SharedIndexInformer<Ingress> ingresses;
  private SharedIndexInformer<MetricTemplate> metricTemplates;
  private SharedIndexInformer<AlertProvider> alertProviders;

  /** Starts the informers and waits until each has listed once; canary changes go to handler. */
  public synchronized void start(ResourceEventHandler<Canary> canaryHandler) {
    deployments = inform(Deployment.class);
    services = inform(Service.class);
    configMaps = inform(ConfigMap.class);
    // Helm keeps every release as a Secret of up to 1 MiB; a controller that only reads a few
    // tracked Secrets must not hold thousands of them in memory
    secrets =
        config.namespace().isPresent()
            ? client
                .secrets()
                .inNamespace(config.namespace().get())
                .withoutField("type", HELM_RELEASE)
                .inform()
            : client.secrets().inAnyNamespace().withoutField("type", HELM_RELEASE).inform();
    started.add(secrets);
    autoscalers = inform(HorizontalPodAutoscaler.class);
    ingresses = inform(Ingress.class);
    metricTemplates = inform(MetricTemplate.class);
    alertProviders = inform(AlertProvider.class);
    canaries = inform(Canary.class);
    canaries.addEventHandler(canaryHandler);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(Class<T> type) {
    var resources = client.resources(type);
    SharedIndexInformer<T> informer =
        config.namespace().isPresent()
            ? resources.inNamespace(config.namespace().get()).inform()
            : resources.inAnyNamespace().inform();
    started.add(informer);
    return informer;
  }

  @PreDestroy
  public synchronized void stop() {
    started.forEach(SharedIndexInformer::stop);
    generic.values().forEach(SharedIndexInformer::stop);
    started.clear();
    generic.clear();
    canaries = null;
  }

  public Optional<Canary> canary(String namespace, String name) {
    return get(canaries, namespace, name);
  }

  public List<Canary> canaries() {
    return canaries == null ? List.of() : canaries.getStore().list();
  }

  public Optional<Deployment> deployment(String namespace, String name) {
    return get(deployments, namespace, name);
  }

  public Optional<Service> service(String namespace, String name) {
    return get(services, namespace, name);
  }

  public Optional<ConfigMap> configMap(String namespace, String name) {
    return get(configMaps, namespace, name);
  }

  public Optional<Secret> secret(String namespace, String name) {
    return get(secrets, namespace, name);
  }

  public Optional<HorizontalPodAutoscaler> autoscaler(String namespace, String name) {
    return get(autoscalers, namespace, name);
  }

  /** A networking.k8s.io/v1 Ingress: the NGINX router's {@code ingressRef} and its copy. */
  public Optional<Ingress> ingress(String namespace, String name) {
    return get(ingresses, namespace, name);
  }

  public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
    return get(metricTemplates, namespace, name);
  }

  public Optional<AlertProvider> alertProvider(String namespace, String name) {
    return get(alertProviders, namespace, name);
  }

  /**
   * A custom resource of a mesh or ingress provider. The first call for a kind starts its informer;
   * when the kind's CRD is not installed this throws, and the tick reports it.
   */
  public Optional<GenericKubernetesResource> generic(
      ResourceDefinitionContext kind, String namespace, String name) {
    return get(generic.computeIfAbsent(key(kind), k -> informGeneric(kind)), namespace, name);
  }

  private SharedIndexInformer<GenericKubernetesResource> informGeneric(
      ResourceDefinitionContext kind) {
    LOG.infof("starting informer for %s", key(kind));
    var resources = client.genericKubernetesResources(kind);
    return config.namespace().isPresent()
        ? resources.inNamespace(config.namespace().get()).inform()
        : resources.inAnyNamespace().inform();
  }

  private static String key(ResourceDefinitionContext kind) {
    return kind.getPlural() + "." + kind.getGroup() + "/" + kind.getVersion();
  }

  private static <T> Optional<T> get(
      SharedIndexInformer<T> informer, String namespace, String name) {
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  /** One informer of the cache, named by kind (and namespace), for the readiness probe. */
  public record Informer(String name, SharedIndexInformer<?> informer) {}

  /** Every informer the cache runs now, including those started on first use. */
  @SuppressWarnings("unchecked")
  public synchronized List<Informer> informers() {
    List<Informer> all = new ArrayList<>();
    for (SharedIndexInformer<?> informer : started) {
      Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) informer.getApiTypeClass();
      all.add(
          new Informer(HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type), informer));
    }
    generic.forEach((kind, informer) -> all.add(new Informer(kind, informer)));
    return all;
  }

  /** Whether {@link #start} has run (and {@link #stop} not since). */
  public synchronized boolean started() {
    return canaries != null;
  }
}

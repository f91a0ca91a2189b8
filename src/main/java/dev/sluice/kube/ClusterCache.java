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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Informer-backed reads of what canaries use, so that a tick lists nothing. Only what canaries use
 * is held: the Flagger kinds (Canary, MetricTemplate, AlertProvider) everywhere, and the workloads,
 * Services, HPAs, Ingresses and mesh kinds of the namespaces that have a Canary ({@link
 * NamespaceInformers}, started with a namespace's first Canary and stopped with its last). A
 * cluster's ConfigMaps and Secrets are never cached: the few a canary tracks or references are read
 * by name when a tick needs them.
 */
@ApplicationScoped
public class ClusterCache {
  private static final Logger LOG = Logger.getLogger(ClusterCache.class);

  @Inject KubernetesClient client;
  @Inject SluiceConfig config;

  private final Map<String, NamespaceInformers> namespaces = new ConcurrentHashMap<>();
  private SharedIndexInformer<Canary> canaries;
  private SharedIndexInformer<MetricTemplate> metricTemplates;
  private SharedIndexInformer<AlertProvider> alertProviders;

  /** One informer of the cache, named by kind (and namespace), for the readiness probe. */
  public record Informer(String name, SharedIndexInformer<?> informer) {}

  /** Starts the informers and waits until each has listed once; canary changes go to handler. */
  public synchronized void start(ResourceEventHandler<Canary> canaryHandler) {
    // the namespaces of a previous start are stopped; the Canary informer's adds start them anew
    namespaces.clear();
    metricTemplates = inform(MetricTemplate.class);
    alertProviders = inform(AlertProvider.class);
    canaries = inform(Canary.class);
    canaries.addEventHandler(new NamespaceTracker());
    canaries.addEventHandler(canaryHandler);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(Class<T> type) {
    var resources = client.resources(type);
    return config.namespace().isPresent()
        ? resources.inNamespace(config.namespace().get()).inform()
        : resources.inAnyNamespace().inform();
  }

  /**
   * Stops every informer. Their stores keep what they held until the next {@link #start}, as a
   * cache whose watches lag would; the readiness probe reports them stale meanwhile.
   */
  @PreDestroy
  public synchronized void stop() {
    for (SharedIndexInformer<?> informer :
        Arrays.asList(canaries, metricTemplates, alertProviders)) {
      if (informer != null) {
        informer.stop();
      }
    }
    namespaces.values().forEach(NamespaceInformers::stop);
  }

  /** Starts a namespace's informers with its first Canary and stops them with its last. */
  private final class NamespaceTracker implements ResourceEventHandler<Canary> {
    @Override
    public void onAdd(Canary canary) {
      String namespace = canary.getMetadata().getNamespace();
      try {
        namespace(namespace);
      } catch (RuntimeException e) {
        // the Canary's tick reads the namespace again and reports what is wrong
        LOG.warnf("cannot cache namespace %s yet: %s", namespace, e.getMessage());
      }
    }

    @Override
    public void onUpdate(Canary before, Canary canary) {}

    @Override
    public void onDelete(Canary canary, boolean finalStateUnknown) {
      release(canary.getMetadata().getNamespace());
    }
  }

  /**
   * The informers of a namespace that has a Canary, started (and synced) on first use; null for a
   * namespace without one. Starting and stopping hold this cache's lock and check the Canary store
   * under it, so a read racing the last Canary's deletion cannot leave informers running.
   */
  private NamespaceInformers namespace(String namespace) {
    NamespaceInformers running = namespaces.get(namespace);
    if (running != null) {
      return running;
    }
    synchronized (this) {
      if (!hasCanaries(namespace)) {
        return null;
      }
      return namespaces.computeIfAbsent(namespace, ns -> new NamespaceInformers(client, ns));
    }
  }

  private synchronized void release(String namespace) {
    if (!hasCanaries(namespace)) {
      NamespaceInformers gone = namespaces.remove(namespace);
      if (gone != null) {
        LOG.infof("no canary left in %s: its informers stop", namespace);
        gone.stop();
      }
    }
  }

  private boolean hasCanaries(String namespace) {
    SharedIndexInformer<Canary> informer = canaries;
    return informer != null
        && !informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).isEmpty();
  }

  public Optional<Canary> canary(String namespace, String name) {
    return get(canaries, namespace, name);
  }

  public List<Canary> canaries() {
    SharedIndexInformer<Canary> informer = canaries;
    return informer == null ? List.of() : informer.getStore().list();
  }

  public Optional<Deployment> deployment(String namespace, String name) {
    return read(namespace, name, ns -> ns.deployments);
  }

  public Optional<Service> service(String namespace, String name) {
    return read(namespace, name, ns -> ns.services);
  }

  /** A ConfigMap read by name: they are not cached, a canary tracks only a few. */
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  /**
   * A Secret read by name: Secrets are not cached (a cluster holds many, Helm keeps each release as
   * one of up to 1 MiB), and a canary references only a few.
   */
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  public Optional<HorizontalPodAutoscaler> autoscaler(String namespace, String name) {
    return read(namespace, name, ns -> ns.autoscalers);
  }

  /** A networking.k8s.io/v1 Ingress: the NGINX router's {@code ingressRef} and its copy. */
  public Optional<Ingress> ingress(String namespace, String name) {
    return read(namespace, name, ns -> ns.ingresses);
  }

  public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
    return get(metricTemplates, namespace, name);
  }

  public Optional<AlertProvider> alertProvider(String namespace, String name) {
    return get(alertProviders, namespace, name);
  }

  /**
   * A custom resource of a mesh or ingress provider. The first call for a kind in a namespace
   * starts its informer; when the kind's CRD is not installed this throws, and the tick reports it.
   */
  public Optional<GenericKubernetesResource> generic(
      ResourceDefinitionContext kind, String namespace, String name) {
    NamespaceInformers informers = namespace(namespace);
    return informers == null ? Optional.empty() : get(informers.generic(kind), namespace, name);
  }

  /**
   * From the namespace's informer; empty in a namespace without a Canary, where nothing is cached
   * and no tick reads.
   */
  private <T extends HasMetadata> Optional<T> read(
      String namespace, String name, Function<NamespaceInformers, SharedIndexInformer<T>> kind) {
    NamespaceInformers informers = namespace(namespace);
    return informers == null ? Optional.empty() : get(kind.apply(informers), namespace, name);
  }

  static String key(ResourceDefinitionContext kind) {
    return kind.getPlural() + "." + kind.getGroup() + "/" + kind.getVersion();
  }

  @SuppressWarnings("unchecked")
  static String name(SharedIndexInformer<? extends HasMetadata> informer) {
    Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) informer.getApiTypeClass();
    String group = HasMetadata.getGroup(type);
    return HasMetadata.getPlural(type) + (group.isEmpty() ? "" : "." + group);
  }

  private static <T> Optional<T> get(
      SharedIndexInformer<T> informer, String namespace, String name) {
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  /** Every informer the cache runs now, including those started on first use. */
  public synchronized List<Informer> informers() {
    List<Informer> all = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer :
        Arrays.asList(canaries, metricTemplates, alertProviders)) {
      if (informer != null) {
        all.add(new Informer(name(informer), informer));
      }
    }
    namespaces.values().forEach(ns -> ns.informers(all));
    return all;
  }

  /** Whether {@link #start} has run (and {@link #stop} not since). */
  public synchronized boolean started() {
    return canaries != null;
  }
}

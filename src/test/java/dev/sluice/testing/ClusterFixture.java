package dev.sluice.testing;

import static org.awaitility.Awaitility.await;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.router.contour.HttpProxyResource;
import dev.sluice.router.gatewayapi.GatewayApiRouter;
import dev.sluice.router.istio.IstioRouter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Plays the parts of Kubernetes that the mock API server does not: Deployment status, and the wait
 * for the controller's informers to see what the API server holds before a tick.
 */
public final class ClusterFixture {
  private final KubernetesClient client;
  private final ClusterCache cache;
  public final String namespace;

  public ClusterFixture(KubernetesClient client, ClusterCache cache, String namespace) {
    this.client = client;
    this.cache = cache;
    this.namespace = namespace;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  /** A Deployment as users write it: {@code app: <name>} selector, one container. */
  public Deployment createTarget(String name, String image, int replicas) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
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
            .withImage(image)
            .addNewPort()
            .withContainerPort(9898)
            .endPort()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return client.resource(deployment).create();
  }

  /** Loads a Canary manifest from the test resources, in this namespace. */
  public Canary createCanary(String resource, UnaryOperator<Canary> edit) {
    try (InputStream in = ClusterFixture.class.getResourceAsStream(resource)) {
      Canary canary = client.getKubernetesSerialization().unmarshal(in, Canary.class);
      canary.getMetadata().setNamespace(namespace);
      return client.resource(edit.apply(canary)).create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  public Canary canary(String name) {
    return client.resources(Canary.class).inNamespace(namespace).withName(name).get();
  }

  public void editCanary(String name, UnaryOperator<Canary> edit) {
    client.resources(Canary.class).inNamespace(namespace).withName(name).edit(edit);
  }

  /** Sets (or, with a null value, removes) an annotation on a Canary, as kubectl annotate does. */
  public void annotateCanary(String name, String key, String value) {
    client
        .resources(Canary.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            c -> {
              var annotations = new java.util.HashMap<String, String>();
              if (c.getMetadata().getAnnotations() != null) {
                annotations.putAll(c.getMetadata().getAnnotations());
              }
              if (value == null) {
                annotations.remove(key);
              } else {
                annotations.put(key, value);
              }
              c.getMetadata().setAnnotations(annotations);
              return c;
            });
  }

  public void editDeployment(String name, UnaryOperator<Deployment> edit) {
    client.apps().deployments().inNamespace(namespace).withName(name).edit(edit);
  }

  public void setImage(String name, String image) {
    editDeployment(
        name,
        d ->
            new DeploymentBuilder(d)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
  }

  /** Plays the Deployment controller: every replica of the current generation is available. */
  public void markReady(String name) {
    setAvailable(name, true);
  }

  /** Plays the Deployment controller for a rollout that is under way: nothing available. */
  public void markRollingOut(String name) {
    setAvailable(name, false);
  }

  /**
   * Plays the Deployment controller for a rollout stuck past its own {@code
   * progressDeadlineSeconds}: no new replica available, {@code Progressing=False} with reason
   * {@code ProgressDeadlineExceeded}.
   */
  public void markProgressDeadlineExceeded(String name) {
    Deployment d = deployment(name);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withAvailableReplicas(0)
            .addNewCondition()
            .withType("Progressing")
            .withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .endCondition()
            .build());
    client.resource(d).updateStatus();
  }

  private void setAvailable(String name, boolean available) {
    Deployment d = deployment(name);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(available ? replicas : 0)
            .withAvailableReplicas(available ? replicas : 0)
            .build());
    client.resource(d).updateStatus();
  }

  public ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  public Secret secret(String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  public HorizontalPodAutoscaler autoscaler(String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Creates an object in this namespace, as a user would. */
  public <T extends HasMetadata> T create(T object) {
    object.getMetadata().setNamespace(namespace);
    return client.resource(object).create();
  }

  public GenericKubernetesResource virtualService(String name) {
    return client
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  public List<GenericKubernetesResource> destinationRules() {
    return client
        .genericKubernetesResources(IstioRouter.DESTINATION_RULE)
        .inNamespace(namespace)
        .list()
        .getItems();
  }

  /** Weights of the VirtualService's weighted route ({@code sluice-split}), primary first. */
  @SuppressWarnings("unchecked")
  public List<Integer> weights(String name) {
    Map<String, Object> spec =
        (Map<String, Object>) virtualService(name).getAdditionalProperties().get("spec");
    List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
    Map<String, Object> split =
        http.stream().filter(r -> "sluice-split".equals(r.get("name"))).findFirst().orElseThrow();
    List<Map<String, Object>> route = (List<Map<String, Object>>) split.get("route");
    return route.stream().map(r -> ((Number) r.getOrDefault("weight", 0)).intValue()).toList();
  }

  public GenericKubernetesResource httpRoute(String name) {
    return client
        .genericKubernetesResources(GatewayApiRouter.httpRoutes("v1"))
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  /** Weights of the HTTPRoute's last rule, primary first. */
  @SuppressWarnings("unchecked")
  public List<Integer> httpRouteWeights(String name) {
    Map<String, Object> spec =
        (Map<String, Object>) httpRoute(name).getAdditionalProperties().get("spec");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) spec.get("rules");
    List<Map<String, Object>> backends =
        (List<Map<String, Object>>) rules.get(rules.size() - 1).get("backendRefs");
    return backends.stream().map(b -> ((Number) b.getOrDefault("weight", 1)).intValue()).toList();
  }

  public List<Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  public long events(String fragment) {
    return events().stream().filter(e -> e.getMessage().contains(fragment)).count();
  }

  /** Waits until the controller's informers hold what the API server holds in this namespace. */
  public void awaitCacheSynced() {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                synced(
                        client.resources(Canary.class).inNamespace(namespace).list().getItems(),
                        c -> cache.canary(namespace, c.getMetadata().getName()))
                    && synced(
                        client.apps().deployments().inNamespace(namespace).list().getItems(),
                        d -> cache.deployment(namespace, d.getMetadata().getName()))
                    && synced(
                        client.services().inNamespace(namespace).list().getItems(),
                        s -> cache.service(namespace, s.getMetadata().getName()))
                    && synced(
                        client.configMaps().inNamespace(namespace).list().getItems(),
                        c -> cache.configMap(namespace, c.getMetadata().getName()))
                    && synced(
                        client.secrets().inNamespace(namespace).list().getItems(),
                        c -> cache.secret(namespace, c.getMetadata().getName()))
                    && synced(
                        client
                            .autoscaling()
                            .v2()
                            .horizontalPodAutoscalers()
                            .inNamespace(namespace)
                            .list()
                            .getItems(),
                        h -> cache.autoscaler(namespace, h.getMetadata().getName()))
                    && synced(
                        client.network().v1().ingresses().inNamespace(namespace).list().getItems(),
                        i -> cache.ingress(namespace, i.getMetadata().getName()))
                    && syncedGeneric(IstioRouter.VIRTUAL_SERVICE)
                    && syncedGeneric(IstioRouter.DESTINATION_RULE)
                    && syncedGeneric(GatewayApiRouter.httpRoutes("v1"))
                    && syncedGeneric(HttpProxyResource.CONTEXT));
  }

  private boolean syncedGeneric(ResourceDefinitionContext kind) {
    return synced(
        client.genericKubernetesResources(kind).inNamespace(namespace).list().getItems(),
        r -> cache.generic(kind, namespace, r.getMetadata().getName()));
  }

  private static <T extends HasMetadata> boolean synced(
      List<T> items, Function<T, Optional<T>> cached) {
    return items.stream()
        .allMatch(
            item ->
                cached
                    .apply(item)
                    .map(
                        c ->
                            Objects.equals(
                                c.getMetadata().getResourceVersion(),
                                item.getMetadata().getResourceVersion()))
                    .orElse(false));
  }
}

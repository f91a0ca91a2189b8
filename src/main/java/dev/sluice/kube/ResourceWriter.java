package dev.sluice.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The one place that writes generated objects: create when absent, update only when the live object
 * lacks something desired, and on a 409 re-read and try again. Updates carry the live
 * resourceVersion, so a concurrent writer is never overwritten blindly.
 */
@ApplicationScoped
public class ResourceWriter {
  private static final Logger LOG = Logger.getLogger(ResourceWriter.class);
  private static final int ATTEMPTS = 4;

  /** What a write did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** The outcome and the object as the API server returned it (or the live one if unchanged). */
  public record Written<T>(Outcome outcome, T object) {}

  /**
   * How a desired object lands on the live one: the object to write, or empty when the live one
   * already is as desired.
   */
  @FunctionalInterface
  public interface Merge<T> {
    Optional<T> apply(T live, T desired);
  }

  @Inject KubernetesClient client;

  /** As {@link #apply(HasMetadata, HasMetadata, List)}, with a kind-specific merge. */
  public <T extends HasMetadata> Written<T> apply(T desired, T live, Merge<T> merge) {
    return apply(desired, live, merge, client::resource);
  }

  /**
   * As {@link #apply(HasMetadata, HasMetadata, List)} for a custom resource of another project (a
   * mesh's), addressed through its definition rather than API discovery.
   */
  public Written<GenericKubernetesResource> apply(
      ResourceDefinitionContext kind,
      GenericKubernetesResource desired,
      GenericKubernetesResource live) {
    return apply(kind, desired, live, List.of());
  }

  /**
   * As {@link #apply(ResourceDefinitionContext, GenericKubernetesResource,
   * GenericKubernetesResource)}, with the fields at the {@code exact} JSON pointers owned whole, as
   * in {@link #applyExact}: a field desired leaves out is removed from the live object.
   */
  public Written<GenericKubernetesResource> apply(
      ResourceDefinitionContext kind,
      GenericKubernetesResource desired,
      GenericKubernetesResource live,
      List<String> exact) {
    String ns = desired.getMetadata().getNamespace();
    return apply(
        desired,
        live,
        subsetMerge(desired, List.of(), exact),
        o -> client.genericKubernetesResources(kind).inNamespace(ns).resource(o));
  }

  /**
   * As {@link #apply(ResourceDefinitionContext, GenericKubernetesResource,
   * GenericKubernetesResource)}, with a kind-specific merge.
   */
  public Written<GenericKubernetesResource> apply(
      ResourceDefinitionContext kind,
      GenericKubernetesResource desired,
      GenericKubernetesResource live,
      Merge<GenericKubernetesResource> merge) {
    String ns = desired.getMetadata().getNamespace();
    return apply(
        desired,
        live,
        merge,
        o -> client.genericKubernetesResources(kind).inNamespace(ns).resource(o));
  }

  /**
   * As {@link #apply(ResourceDefinitionContext, GenericKubernetesResource,
   * GenericKubernetesResource, List)}, with the desired object made from the live one (a routing
   * object that keeps the split it carries): after a 409 it is made again from the object read
   * back, so the weights written since the informer's copy are kept, never put back to that copy's.
   *
   * @param desiredFrom the desired object for a live one, or for null when there is none
   */
  public Written<GenericKubernetesResource> applyFrom(
      ResourceDefinitionContext kind,
      GenericKubernetesResource live,
      UnaryOperator<GenericKubernetesResource> desiredFrom,
      List<String> exact) {
    return applyFrom(kind, live, desiredFrom, desired -> subsetMerge(desired, List.of(), exact));
  }

  /**
   * As {@link #applyFrom(ResourceDefinitionContext, GenericKubernetesResource, UnaryOperator,
   * List)}, with a kind-specific merge.
   */
  public Written<GenericKubernetesResource> applyFrom(
      ResourceDefinitionContext kind,
      GenericKubernetesResource live,
      UnaryOperator<GenericKubernetesResource> desiredFrom,
      Merge<GenericKubernetesResource> merge) {
    return applyFrom(kind, live, desiredFrom, desired -> merge);
  }

  /**
   * As {@link #applyFrom(ResourceDefinitionContext, GenericKubernetesResource, UnaryOperator,
   * Merge)}, for a kind the client knows.
   */
  public <T extends HasMetadata> Written<T> applyFrom(
      T live, UnaryOperator<T> desiredFrom, Merge<T> merge) {
    return write(desiredFrom, live, desired -> merge, client::resource);
  }

  private Written<GenericKubernetesResource> applyFrom(
      ResourceDefinitionContext kind,
      GenericKubernetesResource live,
      UnaryOperator<GenericKubernetesResource> desiredFrom,
      Function<GenericKubernetesResource, Merge<GenericKubernetesResource>> mergeFor) {
    return write(
        desiredFrom,
        live,
        mergeFor,
        o ->
            client
                .genericKubernetesResources(kind)
                .inNamespace(o.getMetadata().getNamespace())
                .resource(o));
  }

  /**
   * Writes what {@code next} makes of the live object (a routing object handed over to the apex
   * Service, see {@code Handover}), computed again from the object read back after a 409, and
   * nothing when it changes nothing.
   */
  public Written<GenericKubernetesResource> handOver(
      ResourceDefinitionContext kind,
      GenericKubernetesResource live,
      UnaryOperator<GenericKubernetesResource> next) {
    String ns = live.getMetadata().getNamespace();
    KubernetesSerialization json = client.getKubernetesSerialization();
    return apply(
        live,
        live,
        (current, ignored) ->
            Optional.of(next.apply(current))
                .filter(written -> !sameExceptManagedFields(json, written, current)),
        o -> client.genericKubernetesResources(kind).inNamespace(ns).resource(o));
  }

  private static boolean sameExceptManagedFields(
      KubernetesSerialization json, HasMetadata a, HasMetadata b) {
    ObjectNode left = json.convertValue(a, ObjectNode.class);
    ObjectNode right = json.convertValue(b, ObjectNode.class);
    for (ObjectNode tree : List.of(left, right)) {
      if (tree.get("metadata") instanceof ObjectNode metadata) {
        metadata.remove("managedFields");
      }
    }
    return DesiredState.isContainedIn(left, right) && DesiredState.isContainedIn(right, left);
  }

  /** Deletes a custom resource of another project if it exists; absent is fine. */
  public void delete(ResourceDefinitionContext kind, String namespace, String name) {
    client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).delete();
  }

  private <T extends HasMetadata> Written<T> apply(
      T desired, T live, Merge<T> merge, Function<T, Resource<T>> resource) {
    return write(ignored -> desired, live, ignored -> merge, resource);
  }

  /**
   * Create or merge, and on a 409 read the object back and do it again; {@code desiredFrom} is
   * asked again for the object read back, so what a desired object keeps of the live one is always
   * what the server holds.
   */
  private <T extends HasMetadata> Written<T> write(
      UnaryOperator<T> desiredFrom,
      T live,
      Function<T, Merge<T>> mergeFor,
      Function<T, Resource<T>> resource) {
    T current = live;
    for (int attempt = 1; ; attempt++) {
      T desired = desiredFrom.apply(current);
      try {
        if (current == null) {
          return new Written<>(Outcome.CREATED, resource.apply(desired).create());
        }
        Optional<T> merged = mergeFor.apply(desired).apply(current, desired);
        if (merged.isEmpty()) {
          return new Written<>(Outcome.UNCHANGED, current);
        }
        return new Written<>(Outcome.UPDATED, resource.apply(merged.get()).update());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.debugf(
            "conflict writing %s %s/%s, re-reading",
            desired.getKind(),
            desired.getMetadata().getNamespace(),
            desired.getMetadata().getName());
        current = resource.apply(desired).get();
      }
    }
  }

  /**
   * Makes the cluster's object contain {@code desired}.
   *
   * @param live the informer's copy, or null when the cache has none
   * @param preserve JSON pointers (e.g. {@code /spec/clusterIP}) kept from the live object
   */
  public <T extends HasMetadata> Written<T> apply(T desired, T live, List<String> preserve) {
    return apply(desired, live, subsetMerge(desired, preserve, List.of()));
  }

  /**
   * As {@link #apply(HasMetadata, HasMetadata, List)}, but the fields at the {@code exact} JSON
   * pointers (e.g. a ConfigMap copy's {@code /data}) are owned whole: the object is unchanged only
   * when live holds exactly desired's value there, so a key desired no longer has is removed.
   */
  public <T extends HasMetadata> Written<T> applyExact(T desired, T live, List<String> exact) {
    return apply(desired, live, subsetMerge(desired, List.of(), exact));
  }

  /** The default merge: unchanged when live contains desired, else desired over live. */
  private <T extends HasMetadata> Merge<T> subsetMerge(
      T desired, List<String> preserve, List<String> exact) {
    KubernetesSerialization json = client.getKubernetesSerialization();
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) desired.getClass();
    ObjectNode desiredTree = json.convertValue(desired, ObjectNode.class);
    desiredTree.remove("status");
    return (current, wanted) -> {
      ObjectNode liveTree = json.convertValue(current, ObjectNode.class);
      if (DesiredState.isContainedIn(desiredTree, liveTree)
          && DesiredState.isEqualAt(desiredTree, liveTree, exact)) {
        return Optional.empty();
      }
      return Optional.of(
          json.convertValue(DesiredState.merge(desiredTree, liveTree, preserve), type));
    };
  }

  /**
   * Creates the object unless it exists; an existing one is left exactly as it is (AlreadyExists is
   * not a conflict to merge through).
   */
  public <T extends HasMetadata> Written<T> createIfAbsent(T desired) {
    try {
      return new Written<>(Outcome.CREATED, client.resource(desired).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return new Written<>(Outcome.UNCHANGED, client.resource(desired).get());
    }
  }
}

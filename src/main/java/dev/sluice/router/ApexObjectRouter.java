package dev.sluice.router;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * A router whose routing is one custom resource named after the apex Service and owned by the
 * Canary (a Gateway API HTTPRoute, an SMI TrafficSplit), which nobody else refers to: it is deleted
 * when the Canary goes, and the mesh routes the apex Service as Kubernetes does again. Subclasses
 * build the object; reading it from the informer and writing only what changed is here.
 */
public abstract class ApexObjectRouter implements Router {
  private final ResourceDefinitionContext kind;
  private final List<String> ownedWhole;
  private final ClusterCache cache;
  private final ResourceWriter writer;

  /**
   * @param ownedWhole JSON pointers the Canary owns whole: a field the desired object leaves out
   *     there is removed from the live one; elsewhere others' fields, labels and annotations stay
   */
  protected ApexObjectRouter(
      ResourceDefinitionContext kind,
      List<String> ownedWhole,
      ClusterCache cache,
      ResourceWriter writer) {
    this.kind = kind;
    this.ownedWhole = ownedWhole;
    this.cache = cache;
    this.writer = writer;
  }

  /** The object with traffic split as {@code routes}. */
  protected abstract GenericKubernetesResource desired(Canary canary, Routes routes);

  /** The object with the split {@code live} carries now (all on the primary without one). */
  protected abstract GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource live);

  @Override
  public void reconcile(Canary canary) {
    // the split kept is the one the server holds: after a 409 it is read again, never the cache's
    writer.applyFrom(
        kind, live(canary), current -> desiredKeepingWeights(canary, current), ownedWhole);
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    write(desired(canary, routes), live(canary));
  }

  @Override
  public void revert(Canary canary) {
    writer.delete(kind, canary.getMetadata().getNamespace(), canary.apexName());
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of(desired(canary, routes));
  }

  /**
   * The writer merges into the live object and writes nothing when it already is as desired, so an
   * idle tick costs no API call.
   */
  private void write(GenericKubernetesResource desired, GenericKubernetesResource live) {
    writer.apply(kind, desired, live, ownedWhole);
  }

  private GenericKubernetesResource live(Canary canary) {
    return cache.generic(kind, canary.getMetadata().getNamespace(), canary.apexName()).orElse(null);
  }
}

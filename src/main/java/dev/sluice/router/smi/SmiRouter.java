package dev.sluice.router.smi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.controller.ClusterCache;
import dev.sluice.controller.ResourceWriter;
import dev.sluice.router.Router;
import dev.sluice.router.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * SMI (Linkerd through the linkerd-smi extension, Open Service Mesh, and any mesh that reads
 * TrafficSplits): a TrafficSplit named after the apex Service splits it between the {@code
 * -primary} and {@code -canary} Services. One instance per provider string; instances differ only
 * in the API version they write and the mesh they target (see {@link SmiProvider}).
 */
public class SmiRouter implements Router {

  /**
   * The Canary owns the whole spec: a field someone else adds (a v1alpha3 {@code matches}, a third
   * backend) would change which requests the split applies to, so it is removed.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec");

  private final SmiProvider provider;
  private final ResourceDefinitionContext trafficSplits;
  private final ClusterCache cache;
  private final ResourceWriter writer;

  public SmiRouter(SmiProvider provider, ClusterCache cache, ResourceWriter writer) {
    this.provider = provider;
    this.trafficSplits = trafficSplits(provider.version());
    this.cache = cache;
    this.writer = writer;
  }

  /** The TrafficSplit kind in API {@code version}. */
  public static ResourceDefinitionContext trafficSplits(String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(TrafficSplitModel.GROUP)
        .withVersion(version)
        .withPlural("trafficsplits")
        .withKind(TrafficSplitModel.KIND)
        .withNamespaced(true)
        .build();
  }

  @Override
  public void reconcile(Canary canary) {
    GenericKubernetesResource live = live(canary);
    write(TrafficSplitModel.desiredKeepingWeights(canary, live, provider), live);
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    write(TrafficSplitModel.desired(canary, routes, provider), live(canary));
  }

  /**
   * Deletes the TrafficSplit. Left in place (as Flagger leaves it), it would go on sending the apex
   * Service's traffic to {@code -primary} and {@code -canary}, Services that are about to be
   * deleted with the Canary, while the finalizer has just pointed the apex at the target's pods:
   * without the split, the mesh routes the apex Service as Kubernetes does.
   */
  @Override
  public void revert(Canary canary) {
    writer.delete(trafficSplits, canary.getMetadata().getNamespace(), canary.apexName());
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of(TrafficSplitModel.desired(canary, routes, provider));
  }

  /**
   * Writes the spec and the labels and annotations the Canary sets; the writer merges into the live
   * object, so other labels and annotations stay, and nothing is written when the live split
   * already is as desired.
   */
  private void write(GenericKubernetesResource desired, GenericKubernetesResource live) {
    writer.apply(trafficSplits, desired, live, OWNED_WHOLE);
  }

  private GenericKubernetesResource live(Canary canary) {
    return cache
        .generic(trafficSplits, canary.getMetadata().getNamespace(), canary.apexName())
        .orElse(null);
  }
}

package dev.sluice.router.smi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.ApexObjectRouter;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * SMI (Linkerd through the linkerd-smi extension, Open Service Mesh, and any mesh that reads
 * TrafficSplits): a TrafficSplit named after the apex Service splits it between the {@code
 * -primary} and {@code -canary} Services. One instance per provider string; instances differ only
 * in the API version they write and the mesh they target (see {@link SmiProvider}). Deleted with
 * the Canary: left in place (as Flagger leaves it), it would go on sending the apex Service's
 * traffic to {@code -primary} and {@code -canary}, Services that go with the Canary, while the
 * finalizer has just pointed the apex at the target's pods.
 */
public class SmiRouter extends ApexObjectRouter {

  /**
   * The Canary owns the whole spec: a field someone else adds (a v1alpha3 {@code matches}, a third
   * backend) would change which requests the split applies to, so it is removed. Other labels and
   * annotations on the TrafficSplit stay.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec");

  private final SmiProvider provider;

  public SmiRouter(SmiProvider provider, ClusterCache cache, ResourceWriter writer) {
    super(trafficSplits(provider.version()), OWNED_WHOLE, cache, writer);
    this.provider = provider;
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
  protected GenericKubernetesResource desired(Canary canary, Routes routes) {
    return TrafficSplitModel.desired(canary, routes, provider);
  }

  @Override
  protected GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource live) {
    return TrafficSplitModel.desiredKeepingWeights(canary, live, provider);
  }
}

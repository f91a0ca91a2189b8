package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.ApexObjectRouter;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * Gateway API: an HTTPRoute named after the apex Service splits traffic between the {@code
 * -primary} and {@code -canary} Services. One instance per API version Flagger supports ({@code
 * gatewayapi:v1}, {@code gatewayapi:v1beta1}); they differ only in the version they write. Deleted
 * with the Canary: the Gateway then no longer routes the hosts to the canary's Services (Flagger
 * leaves it in place, pointing at Services the finalizer is about to leave unused).
 */
public class GatewayApiRouter extends ApexObjectRouter {
  /**
   * The fields a Canary owns whole: a host the Canary no longer lists is removed. Parent refs and
   * rules are always written, so the subset comparison already sees every change in them. Only
   * parentRefs, hostnames, rules and the labels and annotations the Canary sets are written: the
   * user's other metadata on the HTTPRoute stays.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec/hostnames");

  private final String version;

  public GatewayApiRouter(String version, ClusterCache cache, ResourceWriter writer) {
    super(httpRoutes(version), OWNED_WHOLE, cache, writer);
    this.version = version;
  }

  /** The HTTPRoute kind in API {@code version}. */
  public static ResourceDefinitionContext httpRoutes(String version) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GatewayApiResource.GROUP)
        .withVersion(version)
        .withPlural("httproutes")
        .withKind(GatewayApiResource.KIND)
        .withNamespaced(true)
        .build();
  }

  @Override
  protected GenericKubernetesResource desired(Canary canary, Routes routes) {
    return HttpRouteModel.desired(canary, routes, version);
  }

  @Override
  protected GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource live) {
    return HttpRouteModel.desiredKeepingWeights(canary, live, version);
  }
}

package dev.sluice.router.gatewayapi;

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
 * Gateway API: an HTTPRoute named after the apex Service splits traffic between the {@code
 * -primary} and {@code -canary} Services. One instance per API version Flagger supports ({@code
 * gatewayapi:v1}, {@code gatewayapi:v1beta1}); they differ only in the version they write.
 */
public class GatewayApiRouter implements Router {
  public static final String PROVIDER_V1 = "gatewayapi:v1";
  public static final String PROVIDER_V1BETA1 = "gatewayapi:v1beta1";

  /**
   * The fields a Canary owns whole: a host the Canary no longer lists is removed. Parent refs and
   * rules are always written, so the subset comparison already sees every change in them.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec/hostnames");

  private final String version;
  private final ResourceDefinitionContext httpRoutes;
  private final ClusterCache cache;
  private final ResourceWriter writer;

  public GatewayApiRouter(String version, ClusterCache cache, ResourceWriter writer) {
    this.version = version;
    this.httpRoutes = httpRoutes(version);
    this.cache = cache;
    this.writer = writer;
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
  public void reconcile(Canary canary) {
    GenericKubernetesResource live = live(canary);
    write(HttpRouteModel.desiredKeepingWeights(canary, live, version), live);
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    write(HttpRouteModel.desired(canary, routes, version), live(canary));
  }

  /**
   * Deletes the HTTPRoute: the Gateway then no longer routes the hosts to the canary's Services
   * (Flagger leaves it in place, pointing at Services the finalizer is about to leave unused).
   */
  @Override
  public void revert(Canary canary) {
    writer.delete(httpRoutes, canary.getMetadata().getNamespace(), canary.apexName());
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of(HttpRouteModel.desired(canary, routes, version));
  }

  /**
   * Leaves the user's route alone: only the fields the Canary manages (parentRefs, hostnames,
   * rules) and the labels and annotations it sets are written. The writer merges into the live
   * object, so labels, annotations and other metadata someone else put on the HTTPRoute stay, and
   * nothing is written when the live route already is as desired.
   */
  private void write(GenericKubernetesResource desired, GenericKubernetesResource live) {
    writer.apply(httpRoutes, desired, live, OWNED_WHOLE);
  }

  private GenericKubernetesResource live(Canary canary) {
    return cache
        .generic(httpRoutes, canary.getMetadata().getNamespace(), canary.apexName())
        .orElse(null);
  }
}

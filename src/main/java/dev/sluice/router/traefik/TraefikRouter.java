package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.Handover;
import dev.sluice.router.Router;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Traefik: a TraefikService named after the apex Service splits traffic by weight between the
 * {@code -primary} and {@code -canary} Services; the user's IngressRoute routes to it. Only the
 * TraefikService is written; the IngressRoute is the user's and is never read.
 */
@ApplicationScoped
public class TraefikRouter implements Router {

  /** The TraefikService kind Flagger writes since it moved off {@code traefik.containo.us}. */
  public static final ResourceDefinitionContext TRAEFIK_SERVICES =
      new ResourceDefinitionContext.Builder()
          .withGroup(TraefikServiceModel.GROUP)
          .withVersion(TraefikServiceModel.VERSION)
          .withPlural("traefikservices")
          .withKind(TraefikServiceModel.KIND)
          .withNamespaced(true)
          .build();

  /**
   * Owned whole: a Service dropped from the desired list (the canary at weight 0) is removed from
   * the live one. The rest of the spec is the user's.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec/weighted/services");

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  /**
   * Keeps the TraefikService as the Canary describes it, with the split it carries now. Both writes
   * set the fields the Canary manages ({@code spec.weighted.services}, the apex labels and
   * annotations, the owner reference); the writer merges into the live object, so labels and
   * annotations others put on the TraefikService stay, and nothing is written when the live object
   * already is as desired.
   */
  @Override
  public void reconcile(Canary canary) {
    // the split kept is the one the server holds: after a 409 it is read again, never the cache's
    writer.applyFrom(
        TRAEFIK_SERVICES,
        live(canary),
        current -> TraefikServiceModel.desiredKeepingWeights(canary, current),
        OWNED_WHOLE);
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    writer.applyFrom(
        TRAEFIK_SERVICES,
        live(canary),
        current -> TraefikServiceModel.desired(canary, routes, current),
        OWNED_WHOLE);
  }

  /**
   * Points the TraefikService at the apex Service alone and releases it from the Canary. Deleting
   * it, as the Gateway API router deletes its HTTPRoute, would leave the user's IngressRoute
   * pointing at a TraefikService that does not exist, and Traefik would answer 404 for its hosts;
   * Flagger leaves it to the garbage collector, with the same result. The apex Service is released
   * and selects the target's pods by now, so traffic keeps flowing to the restored target.
   */
  @Override
  public void revert(Canary canary) {
    GenericKubernetesResource live = live(canary);
    if (live == null) {
      return;
    }
    writer.handOver(
        TRAEFIK_SERVICES,
        live,
        current ->
            Handover.released(
                current, canary, spec(TraefikServiceModel.reverted(canary, current))));
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of(TraefikServiceModel.desired(canary, routes));
  }

  private GenericKubernetesResource live(Canary canary) {
    return cache
        .generic(TRAEFIK_SERVICES, canary.getMetadata().getNamespace(), canary.apexName())
        .orElse(null);
  }

  private static Object spec(GenericKubernetesResource resource) {
    return resource.getAdditionalProperties().get("spec");
  }
}

package dev.sluice.router.contour;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.Router;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Contour: an HTTPProxy named after the apex Service, included by the user's root HTTPProxy, splits
 * traffic between the {@code -primary} and {@code -canary} Services by weight.
 */
@ApplicationScoped
public class ContourRouter implements Router {

  /**
   * The Canary owns the routes whole: a condition, timeout or retry policy it no longer states is
   * removed. The rest of the spec ({@code virtualhost}, {@code includes}, {@code ingressClassName})
   * and other metadata stay as whoever set them left them.
   */
  private static final List<String> OWNED_WHOLE = List.of("/spec/routes");

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;
  @Inject ContourConfig config;

  @Override
  public void reconcile(Canary canary) {
    // the split kept is the one the server holds: after a 409 it is read again, never the cache's
    writer.applyFrom(
        HttpProxyResource.CONTEXT,
        live(canary),
        current ->
            HttpProxyModel.withIngressClass(
                HttpProxyModel.desiredKeepingWeights(canary, current), config.ingressClass()),
        OWNED_WHOLE);
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    write(HttpProxyModel.desired(canary, routes), live(canary));
  }

  /**
   * Hands the HTTPProxy to the apex Service instead of deleting it: the user's root HTTPProxy
   * includes it by name, and a missing include makes Contour mark the root invalid, taking the
   * app's host down with the Canary. Routed to {@code <apex>} (which the finalizer points at the
   * target's pods) and no longer owned by the Canary, it keeps serving after the primary and canary
   * Services are gone. Without a live proxy there is nothing to hand over.
   */
  @Override
  public void revert(Canary canary) {
    GenericKubernetesResource live = live(canary);
    if (live == null) {
      return;
    }
    writer.handOver(
        HttpProxyResource.CONTEXT, live, current -> HttpProxyModel.releasedToApex(canary, current));
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of(
        HttpProxyModel.withIngressClass(
            HttpProxyModel.desired(canary, routes), config.ingressClass()));
  }

  /**
   * Writes only what the Canary manages (the routes, its labels and annotations, the owner
   * reference); the writer merges into the live object, so the user's labels and annotations stay,
   * and an idle tick whose proxy is already as desired writes nothing.
   */
  private void write(GenericKubernetesResource desired, GenericKubernetesResource live) {
    writer.apply(
        HttpProxyResource.CONTEXT,
        HttpProxyModel.withIngressClass(desired, config.ingressClass()),
        live,
        OWNED_WHOLE);
  }

  private GenericKubernetesResource live(Canary canary) {
    return cache
        .generic(HttpProxyResource.CONTEXT, canary.getMetadata().getNamespace(), canary.apexName())
        .orElse(null);
  }
}

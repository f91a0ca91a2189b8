package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.ResourceWriter.Outcome;
import dev.sluice.kube.ResourceWriter.Written;
import dev.sluice.router.Router;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Istio: a VirtualService named after the apex Service splits traffic between the {@code -primary}
 * and {@code -canary} hosts, with a DestinationRule for each. The VirtualService is shared: Sluice
 * writes its hosts, gateways and {@code sluice-*} routes and leaves the rest ({@link
 * VirtualServiceMerge}).
 */
@ApplicationScoped
public class IstioRouter implements Router {
  private static final Logger LOG = Logger.getLogger(IstioRouter.class);

  public static final ResourceDefinitionContext VIRTUAL_SERVICE =
      kind("virtualservices", "VirtualService");
  public static final ResourceDefinitionContext DESTINATION_RULE =
      kind("destinationrules", "DestinationRule");

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  @Override
  public void reconcile(Canary canary) {
    for (GenericKubernetesResource rule : DestinationRuleModel.desired(canary)) {
      writer.apply(
          DESTINATION_RULE, rule, live(DESTINATION_RULE, canary, rule.getMetadata().getName()));
    }
    GenericKubernetesResource live = live(VIRTUAL_SERVICE, canary, canary.apexName());
    // the split kept is the one the server holds: after a 409 it is read again, never the cache's
    Written<GenericKubernetesResource> written =
        writer.applyFrom(
            VIRTUAL_SERVICE,
            live,
            current -> VirtualServiceModel.desiredKeepingWeights(canary, current),
            VirtualServiceMerge::onto);
    if (written.outcome() == Outcome.UPDATED) {
      // weights are kept here, so an update means the Canary changed or someone edited what it
      // owns; either way the user should be able to see that Sluice wrote over the live object
      LOG.infof(
          "%s: VirtualService %s/%s brought in line with the Canary (its spec changed, or an edit"
              + " to its hosts, gateways or sluice-* routes was put back)",
          canary.key(), canary.getMetadata().getNamespace(), canary.apexName());
    }
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    writeVirtualService(
        VirtualServiceModel.desired(canary, routes),
        live(VIRTUAL_SERVICE, canary, canary.apexName()));
  }

  /** Writes only the parts the Canary owns; routes and fields others added stay. */
  private Written<GenericKubernetesResource> writeVirtualService(
      GenericKubernetesResource desired, GenericKubernetesResource live) {
    return writer.apply(VIRTUAL_SERVICE, desired, live, VirtualServiceMerge::onto);
  }

  /**
   * Deletes the DestinationRules, and the VirtualService unless others put routes in it: without it
   * Istio routes the apex host to the apex Service, which the finalizer has pointed at the target's
   * pods. A VirtualService with others' routes is released to them instead, its catch-all going to
   * the apex Service ({@link VirtualServiceMerge#released}); Flagger restores the spec it found
   * when it took the object over, losing whatever was added since.
   */
  @Override
  public void revert(Canary canary) {
    String ns = canary.getMetadata().getNamespace();
    GenericKubernetesResource live = live(VIRTUAL_SERVICE, canary, canary.apexName());
    Optional<GenericKubernetesResource> released =
        live == null ? Optional.empty() : VirtualServiceMerge.released(live, canary);
    if (released.isPresent()) {
      // others' routes gone by the time of a 409 re-read: leave what is there for the next pass
      writer.handOver(
          VIRTUAL_SERVICE,
          live,
          current -> VirtualServiceMerge.released(current, canary).orElse(current));
    } else {
      writer.delete(VIRTUAL_SERVICE, ns, canary.apexName());
    }
    for (GenericKubernetesResource rule : DestinationRuleModel.desired(canary)) {
      writer.delete(DESTINATION_RULE, ns, rule.getMetadata().getName());
    }
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    List<HasMetadata> objects = new ArrayList<>(DestinationRuleModel.desired(canary));
    objects.add(VirtualServiceModel.desired(canary, routes));
    return objects;
  }

  private GenericKubernetesResource live(
      ResourceDefinitionContext kind, Canary canary, String name) {
    return cache.generic(kind, canary.getMetadata().getNamespace(), name).orElse(null);
  }

  private static ResourceDefinitionContext kind(String plural, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("networking.istio.io")
        .withVersion("v1beta1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(true)
        .build();
  }
}

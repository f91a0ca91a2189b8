package dev.sluice.router.nginx;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.Router;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NGINX (ingress-nginx): a {@code <ingress>-canary} copy of the user's Ingress sends traffic to
 * {@code <apex>-canary}, its annotations say how much. The user's Ingress is only read, never
 * written: with the canary Ingress gone (or at weight 0) ingress-nginx routes everything as the
 * user's Ingress says.
 */
@ApplicationScoped
public class NginxRouter implements Router {
  private static final ResourceDefinitionContext INGRESS =
      ResourceDefinitionContext.fromResourceType(Ingress.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  /** Keeps the canary Ingress a copy of the user's, with the split it carries now. */
  @Override
  public void reconcile(Canary canary) {
    Ingress user = userIngress(canary);
    // the split kept is the one the server holds: after a 409 it is read again, never the cache's
    writer.applyFrom(
        live(canary),
        current -> build(() -> CanaryIngressModel.desiredKeepingWeights(canary, user, current)),
        (current, wanted) ->
            sameStructure(current, wanted) && sameAnnotations(current, wanted)
                ? Optional.empty()
                : Optional.of(
                    new IngressBuilder(current)
                        .editMetadata()
                        .withLabels(wanted.getMetadata().getLabels())
                        .withAnnotations(wanted.getMetadata().getAnnotations())
                        .withOwnerReferences(wanted.getMetadata().getOwnerReferences())
                        .endMetadata()
                        .withSpec(wanted.getSpec())
                        .build()));
  }

  /** Writes the annotations of the split; the spec stays as reconcile left it. */
  @Override
  public void setRoutes(Canary canary, Routes routes) {
    Ingress user = userIngress(canary);
    Ingress desired = build(() -> CanaryIngressModel.desired(canary, user, routes));
    writer.apply(
        desired,
        live(canary),
        (current, wanted) ->
            sameAnnotations(current, wanted)
                ? Optional.empty()
                : Optional.of(
                    new IngressBuilder(current)
                        .editMetadata()
                        .withAnnotations(wanted.getMetadata().getAnnotations())
                        .endMetadata()
                        .build()));
  }

  /**
   * Deletes the canary Ingress, so that ingress-nginx routes by the user's Ingress alone, which
   * points at the apex Service.
   */
  @Override
  public void revert(Canary canary) {
    if (canary.getSpec().getIngressRef() == null) {
      return;
    }
    writer.delete(INGRESS, canary.getMetadata().getNamespace(), CanaryIngressModel.name(canary));
  }

  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    if (canary.getSpec().getIngressRef() == null) {
      throw new IllegalArgumentException("provider nginx needs spec.ingressRef.name");
    }
    String key = "Ingress/" + canary.getSpec().getIngressRef().getName();
    HasMetadata object = given.get(key);
    if (object == null) {
      throw new IllegalArgumentException(key + " is needed to render the canary Ingress");
    }
    Ingress user =
        object instanceof Ingress ingress ? ingress : JSON.convertValue(object, Ingress.class);
    return List.of(CanaryIngressModel.desired(canary, user, routes));
  }

  private Ingress userIngress(Canary canary) {
    String ns = canary.getMetadata().getNamespace();
    String name = canary.getSpec().getIngressRef().getName();
    return cache
        .ingress(ns, name)
        .orElseThrow(
            () ->
                new MissingObjectException(
                    "IngressNotFound", "Ingress " + ns + "/" + name + " not found"));
  }

  private Ingress live(Canary canary) {
    return cache
        .ingress(canary.getMetadata().getNamespace(), CanaryIngressModel.name(canary))
        .orElse(null);
  }

  /** A user's Ingress without the apex backend waits, like a missing one, for the user's fix. */
  private static Ingress build(Supplier<Ingress> model) {
    try {
      return model.get();
    } catch (IllegalArgumentException e) {
      throw new MissingObjectException("IngressBackendNotFound", e.getMessage());
    }
  }

  private static boolean sameStructure(Ingress live, Ingress desired) {
    return Objects.equals(live.getSpec(), desired.getSpec())
        && Objects.equals(labels(live), labels(desired))
        && live.getMetadata().getOwnerReferences() != null
        && live.getMetadata()
            .getOwnerReferences()
            .containsAll(desired.getMetadata().getOwnerReferences());
  }

  private static boolean sameAnnotations(Ingress live, Ingress desired) {
    return Objects.equals(
        live.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
  }

  private static Map<String, String> labels(Ingress ingress) {
    Map<String, String> labels = ingress.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}

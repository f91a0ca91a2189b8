package dev.sluice.router.kubernetes;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.MissingObjectException;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.kube.TargetLabels;
import dev.sluice.router.Router;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.SelectorLabel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain Kubernetes, blue/green only: no weights, the apex Service's selector is the switch. It
 * selects the primary's pods, and during promotion the canary's, so that traffic moves to the new
 * version at once and stays there while the primary rolls out (Flagger leaves the apex on the
 * primary, which then serves a mix of versions during its rollout).
 */
@ApplicationScoped
public class KubernetesRouter implements Router {
  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;
  @Inject TargetLabels labels;

  @Override
  public void reconcile(Canary canary) {
    // the Services are the whole structure, and the workload bootstrap keeps them
  }

  @Override
  public void setRoutes(Canary canary, Routes routes) {
    String ns = canary.getMetadata().getNamespace();
    SelectorLabel label =
        labels.of(
            cache
                .deployment(ns, canary.getSpec().getTargetRef().getName())
                .orElseThrow(
                    () ->
                        new MissingObjectException(
                            "TargetNotFound",
                            "Deployment "
                                + canary.getSpec().getTargetRef().getName()
                                + " not found")));
    Map<String, String> selector =
        Map.of(label.key(), routes.canaryWeight() == 100 ? label.value() : label.primaryValue());
    Service live =
        cache
            .service(ns, canary.apexName())
            .orElseThrow(
                () ->
                    new MissingObjectException(
                        "ServiceNotFound",
                        "Service " + ns + "/" + canary.apexName() + " not found"));
    writer.apply(
        live,
        live,
        (current, ignored) ->
            selector.equals(current.getSpec().getSelector())
                ? Optional.empty()
                : Optional.of(
                    new ServiceBuilder(current)
                        .editSpec()
                        .withSelector(selector)
                        .endSpec()
                        .build()));
  }

  @Override
  public void revert(Canary canary) {
    // the finalizer points the apex Service at the target's pods; there is nothing else
  }

  /** The apex Service is the router here: render shows it with the selector the split asks. */
  @Override
  public List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given) {
    return List.of();
  }
}

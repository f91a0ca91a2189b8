package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.workload.CanaryServices;
import dev.sluice.workload.ServiceMerge;
import io.fabric8.kubernetes.api.model.Service;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The canary's three Services ({@code <svc>}, {@code <svc>-primary}, {@code <svc>-canary}), merged
 * into what the cluster holds on every tick so that fields others own are kept.
 */
@ApplicationScoped
public class ServiceReconciler {
  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  /**
   * Writes the Services where they differ from the desired ones. With {@code
   * routerOwnsApexSelector} the apex selector is left as it is: the router moves it.
   */
  public void reconcile(Canary canary, Target target, boolean routerOwnsApexSelector) {
    var services =
        CanaryServices.desired(
            canary, target.label(), target.deployment().getSpec().getTemplate().getSpec());
    reconcile(canary, services.apex(), routerOwnsApexSelector);
    reconcile(canary, services.primary(), false);
    reconcile(canary, services.canary(), false);
  }

  private void reconcile(Canary canary, Service desired, boolean keepSelector) {
    String name = canary.getMetadata().getName();
    Service live =
        cache
            .service(desired.getMetadata().getNamespace(), desired.getMetadata().getName())
            .orElse(null);
    if (keepSelector && live != null) {
      desired.getSpec().setSelector(live.getSpec().getSelector());
    }
    writer.apply(
        desired,
        live,
        (current, wanted) -> {
          var merged = ServiceMerge.merge(current, wanted, name);
          return merged.changed() ? Optional.of(merged.service()) : Optional.empty();
        });
  }
}

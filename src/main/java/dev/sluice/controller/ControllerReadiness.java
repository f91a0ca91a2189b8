package dev.sluice.controller;

import dev.sluice.kube.ClusterCache;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every informer the cache runs, including those started after start-up, has listed its
 * objects and still watches: before the first list a tick would see nothing, and after a watch ends
 * it would act on a cache that no longer moves.
 */
@Readiness
@ApplicationScoped
public class ControllerReadiness implements HealthCheck {
  @Inject ClusterCache cache;

  @Override
  public HealthCheckResponse call() {
    List<ClusterCache.Informer> informers = cache.informers();
    List<String> stale =
        informers.stream()
            .filter(i -> !current(i.informer()))
            .map(ClusterCache.Informer::name)
            .toList();
    boolean up = cache.started() && stale.isEmpty();
    var response =
        HealthCheckResponse.named("informers").status(up).withData("informers", informers.size());
    if (!stale.isEmpty()) {
      response.withData("stale", String.join(", ", stale));
    }
    return response.build();
  }

  private static boolean current(SharedIndexInformer<?> informer) {
    return informer.isRunning() && informer.hasSynced() && informer.isWatching();
  }
}

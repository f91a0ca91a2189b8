package dev.sluice.controller;

import dev.sluice.kube.ClusterCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every informer has listed its objects: before that, a tick would see nothing. */
@Readiness
@ApplicationScoped
public class ControllerReadiness implements HealthCheck {
  @Inject ClusterCache cache;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("informers").status(cache.hasSynced()).build();
  }
}

package dev.sluice.testing;

import dev.sluice.router.MeshProviders;
import dev.sluice.router.contour.ContourMeshProvider;
import dev.sluice.router.gatewayapi.GatewayApiMeshProvider;
import dev.sluice.router.istio.IstioMeshProvider;
import dev.sluice.router.kubernetes.KubernetesMeshProvider;
import dev.sluice.router.nginx.NginxMeshProvider;
import dev.sluice.router.smi.SmiMeshProvider;
import dev.sluice.router.traefik.TraefikMeshProvider;
import java.util.List;

/**
 * Every mesh provider of the build as plain objects, for tests of validation and builtin queries
 * without a container (their routers are not wired). {@code BuiltinQueriesIT} checks that CDI finds
 * the same set.
 */
public final class AllMeshProviders {
  private AllMeshProviders() {}

  public static MeshProviders registry() {
    return new MeshProviders(
        List.of(
            new IstioMeshProvider(),
            new KubernetesMeshProvider(),
            new GatewayApiMeshProvider(),
            new NginxMeshProvider(),
            new TraefikMeshProvider(),
            new ContourMeshProvider(),
            new SmiMeshProvider()));
  }
}

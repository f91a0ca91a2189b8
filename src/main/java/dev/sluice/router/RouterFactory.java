package dev.sluice.router;

import dev.sluice.api.v1beta1.SmiProvider;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.router.contour.ContourRouter;
import dev.sluice.router.gatewayapi.GatewayApiRouter;
import dev.sluice.router.istio.IstioRouter;
import dev.sluice.router.nginx.NginxRouter;
import dev.sluice.router.smi.SmiRouter;
import dev.sluice.router.traefik.TraefikRouter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Picks the router of a provider. An unknown provider is a validation error in the canary's status,
 * never a silent fallback to another mesh (Flagger falls back to Istio).
 */
@ApplicationScoped
public class RouterFactory {
  /** Providers this build routes for (each {@code smi:} one also with a {@code :<mesh>} suffix). */
  public static final List<String> SUPPORTED =
      List.of(
          "istio",
          KubernetesRouter.PROVIDER,
          GatewayApiRouter.PROVIDER_V1,
          GatewayApiRouter.PROVIDER_V1BETA1,
          NginxRouter.PROVIDER,
          TraefikRouter.PROVIDER,
          ContourRouter.PROVIDER,
          SmiProvider.LINKERD,
          SmiProvider.OSM,
          "smi:v1alpha1",
          "smi:v1alpha2",
          "smi:v1alpha3");

  @Inject IstioRouter istio;
  @Inject KubernetesRouter kubernetes;
  @Inject NginxRouter nginx;
  @Inject TraefikRouter traefik;
  @Inject ContourRouter contour;
  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;
  private GatewayApiRouter gatewayApiV1;
  private GatewayApiRouter gatewayApiV1beta1;

  /** One Gateway API router per version; they are plain objects, since they differ by a value. */
  @PostConstruct
  void createGatewayApiRouters() {
    gatewayApiV1 = new GatewayApiRouter("v1", cache, writer);
    gatewayApiV1beta1 = new GatewayApiRouter("v1beta1", cache, writer);
  }

  /** Whether this build routes for {@code provider}. */
  public static boolean supports(String provider) {
    return SUPPORTED.contains(provider) || SmiProvider.parse(provider).isPresent();
  }

  public Optional<Router> forProvider(String provider) {
    Optional<SmiProvider> smi = SmiProvider.parse(provider);
    if (smi.isPresent()) {
      // a plain object per call: SMI routers differ by version and mesh, and hold no state
      return Optional.of(new SmiRouter(smi.get(), cache, writer));
    }
    return switch (provider) {
      case "istio" -> Optional.of(istio);
      case "kubernetes" -> Optional.of(kubernetes);
      case NginxRouter.PROVIDER -> Optional.of(nginx);
      case TraefikRouter.PROVIDER -> Optional.of(traefik);
      case ContourRouter.PROVIDER -> Optional.of(contour);
      case GatewayApiRouter.PROVIDER_V1 -> Optional.of(gatewayApiV1);
      case GatewayApiRouter.PROVIDER_V1BETA1 -> Optional.of(gatewayApiV1beta1);
      default -> Optional.empty();
    };
  }
}

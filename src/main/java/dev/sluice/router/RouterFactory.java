package dev.sluice.router;

import dev.sluice.router.istio.IstioRouter;
import dev.sluice.router.nginx.NginxRouter;
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
  /** Providers this build routes for. */
  public static final List<String> SUPPORTED =
      List.of("istio", KubernetesRouter.PROVIDER, NginxRouter.PROVIDER);

  @Inject IstioRouter istio;
  @Inject KubernetesRouter kubernetes;
  @Inject NginxRouter nginx;

  public Optional<Router> forProvider(String provider) {
    return switch (provider) {
      case "istio" -> Optional.of(istio);
      case "kubernetes" -> Optional.of(kubernetes);
      case NginxRouter.PROVIDER -> Optional.of(nginx);
      default -> Optional.empty();
    };
  }
}

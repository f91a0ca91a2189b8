package dev.sluice.router.contour;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Settings of the Contour router. */
@ConfigMapping(prefix = "sluice.contour")
public interface ContourConfig {

  /**
   * The ingress class the Contour instance serves ({@code --ingress-class-name}), set on every
   * HTTPProxy as the {@code projectcontour.io/ingress.class} annotation, as Flagger's {@code
   * -ingress-class} does. A Contour started with a class ignores proxies without it, included ones
   * too. Unset: no annotation, for a Contour without a class.
   */
  Optional<String> ingressClass();
}

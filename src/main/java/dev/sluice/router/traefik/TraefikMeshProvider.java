package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.router.MeshCapabilities;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Traefik: a weighted TraefikService ({@link TraefikRouter}), which splits by weight only. Its
 * builtin queries read Traefik's {@code traefik_service_request_duration_seconds} histogram of the
 * canary's Service as the TraefikService reaches it; the success rate counts its {@code le="+Inf"}
 * bucket, every request, by response code.
 */
@ApplicationScoped
public class TraefikMeshProvider implements MeshProvider {
  public static final String PROVIDER = "traefik";

  // Traefik names a Kubernetes Service of a TraefikService <namespace>-<service>-<port>, and
  // appends its provider, @kubernetescrd; its histogram is in seconds, counted by response code.
  private static final String SUCCESS_RATE =
      """
      sum(rate(traefik_service_request_duration_seconds_bucket{
          service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
          code!~"5..",
          le="+Inf"
        }[{{ interval }}]))
      /
      sum(rate(traefik_service_request_duration_seconds_bucket{
          service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
          le="+Inf"
        }[{{ interval }}]))
      * 100""";

  private static final String DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(traefik_service_request_duration_seconds_bucket{
            service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"
          }[{{ interval }}])) by (le))
      * 1000""";

  @Inject TraefikRouter router;

  @Override
  public List<String> providers() {
    return List.of(PROVIDER);
  }

  @Override
  public Router router(String provider) {
    return router;
  }

  @Override
  public MeshCapabilities capabilities() {
    return new MeshCapabilities(false, false, false, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    return TraefikProblems.problems(spec);
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return Map.of(
        BuiltinMetric.REQUEST_SUCCESS_RATE, SUCCESS_RATE, BuiltinMetric.REQUEST_DURATION, DURATION);
  }
}

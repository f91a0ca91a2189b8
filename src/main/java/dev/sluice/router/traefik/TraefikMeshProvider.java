package dev.sluice.router.traefik;

import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.CountQueries;
import dev.sluice.router.MeshCapabilities;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  private static final String SERVICE =
      "service=~\"{{ namespace }}-{{ target }}-[0-9a-zA-Z-]+@kubernetescrd\"";

  /**
   * The judge's counts: Traefik's services of {@code NAME-canary} and {@code NAME-primary}, which
   * {@code {{ target }}} names; all requests are the {@code +Inf} bucket, as in the success rate.
   */
  private static final CountQueries COUNTS =
      new CountQueries(
          "sum(increase(traefik_service_request_duration_seconds_bucket{"
              + SERVICE
              + ", le=\"+Inf\"}[{{ interval }}]))",
          "(sum(increase(traefik_service_request_duration_seconds_bucket{"
              + SERVICE
              + ", code=~\"5..\", le=\"+Inf\"}[{{ interval }}])) or vector(0))",
          "sum(increase(traefik_service_request_duration_seconds_bucket{"
              + SERVICE
              + ", le=\"+Inf\"}[{{ interval }}]))"
              + " - sum(increase(traefik_service_request_duration_seconds_bucket{"
              + SERVICE
              + ", le=~\"{{ variables.le }}\"}[{{ interval }}]))",
          Duration.ofSeconds(1),
          "%s-canary",
          "%s-primary");

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(COUNTS);
  }
}

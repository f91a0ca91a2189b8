package dev.sluice.router.istio;

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
 * Istio: a VirtualService and two DestinationRules ({@link IstioRouter}), which express everything
 * a Canary can ask. Its builtin queries read Istio's standard metrics as reported by the
 * destination workload.
 */
@ApplicationScoped
public class IstioMeshProvider implements MeshProvider {
  public static final String PROVIDER = "istio";

  private static final String SUCCESS_RATE =
      """
      sum(rate(istio_requests_total{
          reporter="destination",
          destination_workload_namespace="{{ namespace }}",
          destination_workload=~"{{ target }}",
          response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(istio_requests_total{
          reporter="destination",
          destination_workload_namespace="{{ namespace }}",
          destination_workload=~"{{ target }}"
        }[{{ interval }}]))
      * 100""";

  private static final String DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(istio_request_duration_milliseconds_bucket{
            reporter="destination",
            destination_workload_namespace="{{ namespace }}",
            destination_workload=~"{{ target }}"
          }[{{ interval }}])) by (le))""";

  @Inject IstioRouter router;

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
    return new MeshCapabilities(true, true, true, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    return List.of();
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return Map.of(
        BuiltinMetric.REQUEST_SUCCESS_RATE, SUCCESS_RATE, BuiltinMetric.REQUEST_DURATION, DURATION);
  }

  /** The judge's counts, from the same series as the builtin queries, by workload. */
  private static final CountQueries COUNTS =
      CountQueries.ofWorkloads(
          "istio_requests_total{reporter=\"destination\","
              + " destination_workload_namespace=\"{{ namespace }}\","
              + " destination_workload=~\"{{ target }}\"",
          "response_code=~\"5.*\"",
          "istio_request_duration_milliseconds_bucket{reporter=\"destination\","
              + " destination_workload_namespace=\"{{ namespace }}\","
              + " destination_workload=~\"{{ target }}\"",
          Duration.ofMillis(1));

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(COUNTS);
  }
}

package dev.sluice.router.contour;

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
 * Contour: an HTTPProxy included by the user's root HTTPProxy ({@link ContourRouter}). Its builtin
 * queries read Envoy's upstream cluster metrics of the canary Service's cluster, as Contour's Envoy
 * exports them ({@code envoy_cluster_upstream_rq} by response code, {@code
 * envoy_cluster_upstream_rq_time} in milliseconds).
 */
@ApplicationScoped
public class ContourMeshProvider implements MeshProvider {
  public static final String PROVIDER = "contour";

  // Envoy names the upstream cluster of a Service port <namespace>_<service>_<port>; the canary's
  // is <target>-canary, as Flagger's query assumes (the Service is named after the target)
  private static final String SUCCESS_RATE =
      """
      sum(rate(envoy_cluster_upstream_rq{
          envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+",
          envoy_response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(envoy_cluster_upstream_rq{
          envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+"
        }[{{ interval }}]))
      * 100""";

  // Envoy's upstream request time is in milliseconds already
  private static final String DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(envoy_cluster_upstream_rq_time_bucket{
            envoy_cluster_name=~"{{ namespace }}_{{ target }}-canary_[0-9a-zA-Z-]+"
          }[{{ interval }}])) by (le))""";

  @Inject ContourRouter router;

  @Override
  public List<String> providers() {
    return List.of(PROVIDER);
  }

  @Override
  public Router router(String provider) {
    return router;
  }

  /**
   * A/B tests route by headers and query parameters. No mirroring: Contour mirrors all of a route's
   * requests to a Service that takes no weight (Flagger ignores analysis.mirror for Contour and
   * runs a plain blue/green instead). No session affinity for a canary.
   */
  @Override
  public MeshCapabilities capabilities() {
    return new MeshCapabilities(true, false, false, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    return ContourProblems.problems(spec);
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return Map.of(
        BuiltinMetric.REQUEST_SUCCESS_RATE, SUCCESS_RATE, BuiltinMetric.REQUEST_DURATION, DURATION);
  }

  /**
   * The judge's counts: Envoy's upstream clusters of the Services {@code NAME-canary} and {@code
   * NAME-primary}, which {@code {{ target }}} names.
   */
  private static final CountQueries COUNTS =
      CountQueries.of(
          "envoy_cluster_upstream_rq{"
              + "envoy_cluster_name=~\"{{ namespace }}_{{ target }}_[0-9a-zA-Z-]+\"",
          "envoy_response_code=~\"5.*\"",
          "envoy_cluster_upstream_rq_time_bucket{"
              + "envoy_cluster_name=~\"{{ namespace }}_{{ target }}_[0-9a-zA-Z-]+\"",
          Duration.ofMillis(1),
          "%s-canary",
          "%s-primary");

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(COUNTS);
  }
}

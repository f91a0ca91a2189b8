package dev.sluice.router.smi;

import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
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
 * SMI: a TrafficSplit ({@link SmiRouter}) for {@code linkerd}, {@code osm} and {@code
 * smi:<version>[:<mesh>]} (see {@link SmiProvider}), which only weighs one root Service between
 * backends. Builtin queries:
 *
 * <ul>
 *   <li>{@code linkerd}: the proxy's inbound metrics of the target deployment.
 *   <li>{@code osm}: Open Service Mesh's {@code osm_request_*} metrics of the target deployment, as
 *       reported at the destination.
 *   <li>{@code smi:<version>:<mesh>}: the queries of {@code <mesh>} ({@code istio}, {@code linkerd}
 *       or {@code osm}). Flagger gives every {@code smi:} provider Istio's (its fallback), which
 *       finds nothing on Linkerd or OSM; without a mesh named, no builtin query is right for every
 *       mesh, so there is none (use a MetricTemplate).
 * </ul>
 */
@ApplicationScoped
public class SmiMeshProvider implements MeshProvider {

  /** The meshes under a TrafficSplit whose metrics have builtin queries. */
  private static final List<String> MEASURED_MESHES =
      List.of(SmiProvider.ISTIO, SmiProvider.LINKERD, SmiProvider.OSM);

  private static final String LINKERD_SUCCESS_RATE =
      """
      sum(rate(response_total{
          namespace="{{ namespace }}",
          deployment=~"{{ target }}",
          classification!="failure",
          direction="inbound"
        }[{{ interval }}]))
      /
      sum(rate(response_total{
          namespace="{{ namespace }}",
          deployment=~"{{ target }}",
          direction="inbound"
        }[{{ interval }}]))
      * 100""";

  private static final String LINKERD_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(response_latency_ms_bucket{
            namespace="{{ namespace }}",
            deployment=~"{{ target }}",
            direction="inbound"
          }[{{ interval }}])) by (le))""";

  private static final String OSM_SUCCESS_RATE =
      """
      sum(rate(osm_request_total{
          destination_namespace="{{ namespace }}",
          destination_kind="Deployment",
          destination_name="{{ target }}",
          response_code!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(osm_request_total{
          destination_namespace="{{ namespace }}",
          destination_kind="Deployment",
          destination_name="{{ target }}"
        }[{{ interval }}]))
      * 100""";

  private static final String OSM_DURATION =
      """
      histogram_quantile(0.99,
        sum(rate(osm_request_duration_ms_bucket{
            destination_namespace="{{ namespace }}",
            destination_kind="Deployment",
            destination_name="{{ target }}"
          }[{{ interval }}])) by (le))""";

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;

  @Override
  public List<String> providers() {
    return List.of(
        SmiProvider.LINKERD, SmiProvider.OSM, "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3");
  }

  /** Each {@code smi:} version also with a {@code :<mesh>} suffix. */
  @Override
  public boolean answers(String provider) {
    return SmiProvider.parse(provider).isPresent();
  }

  /** A plain object per call: SMI routers differ by version and mesh, and hold no state. */
  @Override
  public Router router(String provider) {
    return new SmiRouter(SmiProvider.parse(provider).orElseThrow(), cache, writer);
  }

  @Override
  public MeshCapabilities capabilities() {
    return new MeshCapabilities(false, false, false, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    return SmiProblems.problems(provider, spec);
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return switch (provider) {
      case SmiProvider.LINKERD ->
          Map.of(
              BuiltinMetric.REQUEST_SUCCESS_RATE, LINKERD_SUCCESS_RATE,
              BuiltinMetric.REQUEST_DURATION, LINKERD_DURATION);
      case SmiProvider.OSM ->
          Map.of(
              BuiltinMetric.REQUEST_SUCCESS_RATE, OSM_SUCCESS_RATE,
              BuiltinMetric.REQUEST_DURATION, OSM_DURATION);
      default -> Map.of();
    };
  }

  /** {@code smi:<version>:<mesh>} is measured by the mesh it names, if it has builtin queries. */
  @Override
  public Optional<String> measuredAs(String provider) {
    return SmiProvider.parse(provider)
        .map(SmiProvider::mesh)
        .filter(mesh -> !mesh.equals(provider) && MEASURED_MESHES.contains(mesh));
  }

  /** The judge's counts of Linkerd's proxies, by Deployment. */
  private static final CountQueries LINKERD_COUNTS =
      CountQueries.ofWorkloads(
          "response_total{namespace=\"{{ namespace }}\", deployment=~\"{{ target }}\","
              + " direction=\"inbound\"",
          "classification=\"failure\"",
          "response_latency_ms_bucket{namespace=\"{{ namespace }}\","
              + " deployment=~\"{{ target }}\", direction=\"inbound\"",
          Duration.ofMillis(1));

  /** The judge's counts of Open Service Mesh, by Deployment. */
  private static final CountQueries OSM_COUNTS =
      CountQueries.ofWorkloads(
          "osm_request_total{destination_namespace=\"{{ namespace }}\","
              + " destination_kind=\"Deployment\", destination_name=\"{{ target }}\"",
          "response_code=~\"5.*\"",
          "osm_request_duration_ms_bucket{destination_namespace=\"{{ namespace }}\","
              + " destination_kind=\"Deployment\", destination_name=\"{{ target }}\"",
          Duration.ofMillis(1));

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return switch (provider) {
      case SmiProvider.LINKERD -> Optional.of(LINKERD_COUNTS);
      case SmiProvider.OSM -> Optional.of(OSM_COUNTS);
      default -> Optional.empty();
    };
  }
}

package dev.sluice.router.kubernetes;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.ApplicationQueries;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.CountQueries;
import dev.sluice.router.MeshCapabilities;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain Kubernetes, blue/green only: the apex Service's selector is the switch ({@link
 * KubernetesRouter}), so there are no weights to shift, and the builtin queries read the
 * application's own metrics.
 */
@ApplicationScoped
public class KubernetesMeshProvider implements MeshProvider {
  public static final String PROVIDER = "kubernetes";

  @Inject KubernetesRouter router;

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
    return new MeshCapabilities(false, false, false, true);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    if (spec.getAnalysis() != null && Strategy.of(spec) == Strategy.CANARY) {
      return List.of(
          "provider kubernetes cannot shift weights: set analysis.iterations (blue/green)");
    }
    return List.of();
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return ApplicationQueries.QUERIES;
  }

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(ApplicationQueries.COUNTS);
  }
}

package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.kube.ClusterCache;
import dev.sluice.kube.ResourceWriter;
import dev.sluice.query.ApplicationQueries;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.CountQueries;
import dev.sluice.router.MeshCapabilities;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.Router;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gateway API ({@code gatewayapi:v1}, {@code gatewayapi:v1beta1}): an HTTPRoute ({@link
 * GatewayApiRouter}) in the version the provider names. Whatever implements the Gateway API, the
 * builtin queries read the application's own metrics.
 */
@ApplicationScoped
public class GatewayApiMeshProvider implements MeshProvider {
  public static final String PROVIDER_V1 = "gatewayapi:v1";
  public static final String PROVIDER_V1BETA1 = "gatewayapi:v1beta1";

  @Inject ClusterCache cache;
  @Inject ResourceWriter writer;
  private GatewayApiRouter v1;
  private GatewayApiRouter v1beta1;

  /** One router per version; they are plain objects, since they differ by a value. */
  @PostConstruct
  void createRouters() {
    v1 = new GatewayApiRouter("v1", cache, writer);
    v1beta1 = new GatewayApiRouter("v1beta1", cache, writer);
  }

  @Override
  public List<String> providers() {
    return List.of(PROVIDER_V1, PROVIDER_V1BETA1);
  }

  @Override
  public Router router(String provider) {
    return PROVIDER_V1BETA1.equals(provider) ? v1beta1 : v1;
  }

  @Override
  public MeshCapabilities capabilities() {
    return new MeshCapabilities(true, true, true, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.getService() == null
        || spec.getService().getGatewayRefs() == null
        || spec.getService().getGatewayRefs().isEmpty()) {
      // an HTTPRoute without a parent is attached to no Gateway and routes nothing (Flagger
      // refuses it the same way)
      problems.add("provider " + provider + " needs spec.service.gatewayRefs");
    }
    problems.addAll(matchProblems(provider, spec));
    return problems;
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return ApplicationQueries.QUERIES;
  }

  /**
   * Istio match fields an HTTPRoute has no counterpart for: refused rather than dropped (Flagger
   * drops them), since a route without them matches more than the user wrote.
   */
  private static List<String> matchProblems(String provider, CanarySpec spec) {
    List<String> problems = new ArrayList<>();
    List<HttpMatchRequest> service =
        spec.getService() == null || spec.getService().getMatch() == null
            ? List.of()
            : spec.getService().getMatch();
    for (int i = 0; i < service.size(); i++) {
      for (String field : unroutable(service.get(i))) {
        problems.add(
            "provider "
                + provider
                + " has no HTTPRoute form for service.match["
                + i
                + "]."
                + field);
      }
    }
    List<AbMatch> ab =
        spec.getAnalysis() == null || spec.getAnalysis().getMatch() == null
            ? List.of()
            : spec.getAnalysis().getMatch();
    for (int i = 0; i < ab.size(); i++) {
      if (ab.get(i).getSourceLabels() != null && !ab.get(i).getSourceLabels().isEmpty()) {
        problems.add(
            "provider "
                + provider
                + " has no HTTPRoute form for analysis.match["
                + i
                + "].sourceLabels");
      }
    }
    return problems;
  }

  private static List<String> unroutable(HttpMatchRequest m) {
    List<String> fields = new ArrayList<>();
    if (m.getAuthority() != null) {
      fields.add("authority");
    }
    if (m.getScheme() != null) {
      fields.add("scheme");
    }
    if (m.getSourceLabels() != null && !m.getSourceLabels().isEmpty()) {
      fields.add("sourceLabels");
    }
    if (m.getWithoutHeaders() != null && !m.getWithoutHeaders().isEmpty()) {
      fields.add("withoutHeaders");
    }
    if (m.getMethod() != null && m.getMethod().getExact() == null) {
      fields.add("method (only exact)");
    }
    return fields;
  }

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(ApplicationQueries.COUNTS);
  }
}

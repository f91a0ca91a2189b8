package dev.sluice.router.nginx;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.CountQueries;
import dev.sluice.router.MeshCapabilities;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NGINX (ingress-nginx): a canary copy of the user's Ingress ({@link NginxRouter}), which routes an
 * A/B test by one header or cookie and neither mirrors nor pins sessions. Its builtin queries read
 * the ingress controller's metrics of the Canary's ingress; the duration is the mean upstream
 * response time ({@code nginx_ingress_controller_response_duration_seconds} sum over count), not a
 * P99, as in Flagger since fluxcd/flagger#1686. The summary {@code
 * nginx_ingress_controller_ingress_upstream_latency_seconds} that Flagger read before is the
 * upstream connect time, and ingress-nginx no longer exports it.
 */
@ApplicationScoped
public class NginxMeshProvider implements MeshProvider {
  public static final String PROVIDER = "nginx";

  private static final String SUCCESS_RATE =
      """
      sum(rate(nginx_ingress_controller_requests{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}",
          status!~"5.*"
        }[{{ interval }}]))
      /
      sum(rate(nginx_ingress_controller_requests{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      * 100""";

  private static final String DURATION =
      """
      sum(rate(nginx_ingress_controller_response_duration_seconds_sum{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      /
      sum(rate(nginx_ingress_controller_response_duration_seconds_count{
          namespace="{{ namespace }}",
          ingress="{{ ingress }}"
        }[{{ interval }}]))
      * 1000""";

  @Inject NginxRouter router;

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
    return new MeshCapabilities(true, false, false, false);
  }

  @Override
  public List<String> problems(String provider, CanarySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.getIngressRef() == null
        || spec.getIngressRef().getName() == null
        || spec.getIngressRef().getName().isBlank()) {
      problems.add("provider nginx needs spec.ingressRef.name, the Ingress to copy");
    }
    if (spec.getAnalysis() != null && Strategy.of(spec) == Strategy.AB_TESTING) {
      problems.addAll(matchProblems(spec.getAnalysis().getMatch()));
    }
    return problems;
  }

  @Override
  public Map<BuiltinMetric, String> builtinQueries(String provider) {
    return Map.of(
        BuiltinMetric.REQUEST_SUCCESS_RATE, SUCCESS_RATE, BuiltinMetric.REQUEST_DURATION, DURATION);
  }

  /**
   * ingress-nginx routes an A/B test by one header (exact or regex) or one cookie; Flagger drops
   * whatever else a match says, which would test something other than what the user wrote.
   */
  private static List<String> matchProblems(List<AbMatch> matches) {
    List<String> problems = new ArrayList<>();
    int conditions = 0;
    for (AbMatch match : matches) {
      if (match.getQueryParams() != null && !match.getQueryParams().isEmpty()) {
        problems.add(
            "provider nginx cannot match query parameters: remove analysis.match[].queryParams");
      }
      if (match.getHeaders() == null) {
        continue;
      }
      for (var header : match.getHeaders().entrySet()) {
        conditions++;
        var value = header.getValue();
        if (value != null && (value.getPrefix() != null || value.getSuffix() != null)) {
          problems.add(
              "provider nginx cannot match header "
                  + header.getKey()
                  + " by prefix or suffix: use exact or regex");
        }
      }
    }
    if (conditions > 1) {
      problems.add(
          "provider nginx routes an A/B test by one header or cookie; analysis.match names "
              + conditions);
    }
    return problems;
  }

  /**
   * The judge's counts: ingress-nginx labels a request the canary Ingress served with its backend
   * in {@code canary}, and leaves it empty for the primary's; {@code {{ target }}} matches that
   * label ({@code .+}, then the empty string).
   */
  private static final CountQueries COUNTS =
      CountQueries.of(
          "nginx_ingress_controller_requests{namespace=\"{{ namespace }}\","
              + " ingress=\"{{ ingress }}\", canary=~\"{{ target }}\"",
          "status=~\"5.*\"",
          "nginx_ingress_controller_request_duration_seconds_bucket{"
              + "namespace=\"{{ namespace }}\", ingress=\"{{ ingress }}\","
              + " canary=~\"{{ target }}\"",
          Duration.ofSeconds(1),
          ".+",
          "");

  @Override
  public Optional<CountQueries> countQueries(String provider) {
    return Optional.of(COUNTS);
  }
}

package dev.sluice.controller;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.router.KubernetesRouter;
import dev.sluice.router.RouterFactory;
import dev.sluice.router.contour.ContourProblems;
import dev.sluice.router.gatewayapi.GatewayApiRouter;
import dev.sluice.router.nginx.NginxRouter;
import dev.sluice.router.smi.SmiProblems;
import dev.sluice.router.traefik.TraefikProblems;
import dev.sluice.traffic.StickySession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What makes a Canary impossible to act on, each problem said so that the user can fix it. An empty
 * list means the canary is valid. The API server's schema catches types; this catches meaning.
 */
public final class CanaryValidator {
  private CanaryValidator() {}

  public static List<String> problems(Canary canary, SluiceConfig config) {
    List<String> problems = new ArrayList<>();
    CanarySpec spec = canary.getSpec();
    if (spec == null) {
      return List.of("spec is missing");
    }
    if (spec.getTargetRef() == null || spec.getTargetRef().getName() == null) {
      problems.add("spec.targetRef.name is missing");
    } else if (!"Deployment".equals(spec.getTargetRef().getKind())) {
      problems.add(
          "spec.targetRef.kind "
              + spec.getTargetRef().getKind()
              + " is not supported (supported: Deployment)");
    }
    String provider = SpecDefaults.provider(spec, config);
    if (!RouterFactory.supports(provider)) {
      problems.add(
          "provider "
              + provider
              + " is not supported (supported: "
              + String.join(", ", RouterFactory.SUPPORTED)
              + ")");
    }
    if (NginxRouter.PROVIDER.equals(provider)
        && (spec.getIngressRef() == null
            || spec.getIngressRef().getName() == null
            || spec.getIngressRef().getName().isBlank())) {
      problems.add("provider nginx needs spec.ingressRef.name, the Ingress to copy");
    }
    if (spec.getService() == null || spec.getService().getPort() == null) {
      problems.add("spec.service.port is missing");
    }
    if (provider.startsWith("gatewayapi:")
        && (spec.getService() == null
            || spec.getService().getGatewayRefs() == null
            || spec.getService().getGatewayRefs().isEmpty())) {
      // an HTTPRoute without a parent is attached to no Gateway and routes nothing (Flagger
      // refuses it the same way)
      problems.add("provider " + provider + " needs spec.service.gatewayRefs");
    }
    if (provider.startsWith("gatewayapi:")) {
      problems.addAll(gatewayApiMatchProblems(provider, spec));
    }
    problems.addAll(TraefikProblems.problems(provider, spec));
    problems.addAll(SmiProblems.problems(provider, spec));
    problems.addAll(ContourProblems.problems(provider, spec));
    problems.addAll(sessionAffinityProblems(provider, spec));
    CanaryAnalysis analysis = spec.getAnalysis();
    if (analysis == null) {
      problems.add("spec.analysis is missing");
      return problems;
    }
    problems.addAll(analysisProblems(analysis, provider, config));
    if (analysis.getWebhooks() != null) {
      for (CanaryWebhook hook : analysis.getWebhooks()) {
        problems.addAll(webhookProblems(hook));
      }
    }
    if (analysis.getMetrics() != null) {
      for (CanaryMetric metric : analysis.getMetrics()) {
        try {
          MetricEvaluator.policyOf(metric);
        } catch (IllegalArgumentException e) {
          problems.add("metric " + metric.getName() + ": " + e.getMessage());
        }
      }
    }
    return problems;
  }

  private static List<String> analysisProblems(
      CanaryAnalysis analysis, String provider, SluiceConfig config) {
    List<String> problems = new ArrayList<>();
    SpecDefaults.intervalProblem(analysis, config).ifPresent(problems::add);
    Strategy strategy = Strategy.of(specOf(analysis));
    if (strategy == Strategy.CANARY) {
      if ("kubernetes".equals(provider)) {
        problems.add(
            "provider kubernetes cannot shift weights: set analysis.iterations (blue/green)");
      }
      boolean steps = analysis.getStepWeights() != null && !analysis.getStepWeights().isEmpty();
      if (!steps && (analysis.getStepWeight() == null || analysis.getStepWeight() <= 0)) {
        problems.add("analysis needs stepWeight > 0, stepWeights, or iterations");
      }
      if (steps && !ascendingPercentages(analysis.getStepWeights())) {
        problems.add("analysis.stepWeights must ascend within 1..100");
      }
    }
    if (NginxRouter.PROVIDER.equals(provider) && Boolean.TRUE.equals(analysis.getMirror())) {
      problems.add("provider nginx cannot mirror traffic: unset analysis.mirror");
    }
    if (NginxRouter.PROVIDER.equals(provider) && strategy == Strategy.AB_TESTING) {
      problems.addAll(nginxMatchProblems(analysis.getMatch()));
    }
    if (strategy == Strategy.AB_TESTING && "kubernetes".equals(provider)) {
      problems.add("provider kubernetes cannot route by request match (A/B testing)");
    }
    return problems;
  }

  /**
   * Istio match fields an HTTPRoute has no counterpart for: refused rather than dropped (Flagger
   * drops them), since a route without them matches more than the user wrote.
   */
  private static List<String> gatewayApiMatchProblems(String provider, CanarySpec spec) {
    List<String> problems = new ArrayList<>();
    List<HttpMatchRequest> service =
        spec.getService() == null || spec.getService().getMatch() == null
            ? List.of()
            : spec.getService().getMatch();
    for (int i = 0; i < service.size(); i++) {
      HttpMatchRequest m = service.get(i);
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
      for (String field : fields) {
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

  /**
   * ingress-nginx routes an A/B test by one header (exact or regex) or one cookie; Flagger drops
   * whatever else a match says, which would test something other than what the user wrote.
   */
  private static List<String> nginxMatchProblems(List<AbMatch> matches) {
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

  private static List<String> webhookProblems(CanaryWebhook hook) {
    List<String> problems = new ArrayList<>();
    if (HookType.parse(hook.getType()).isEmpty()) {
      problems.add(
          "webhook "
              + hook.getName()
              + ": type "
              + hook.getType()
              + " is not one of "
              + Arrays.stream(HookType.values()).map(HookType::wireName).toList());
    }
    if (hook.getTimeout() != null && !hook.getTimeout().isBlank()) {
      try {
        GoDuration.parse(hook.getTimeout());
      } catch (IllegalArgumentException e) {
        problems.add(
            "webhook " + hook.getName() + ": timeout " + hook.getTimeout() + " is not a duration");
      }
    }
    return problems;
  }

  private static boolean ascendingPercentages(List<Integer> weights) {
    int previous = 0;
    for (Integer weight : weights) {
      if (weight == null || weight <= previous || weight > 100) {
        return false;
      }
      previous = weight;
    }
    return true;
  }

  private static CanarySpec specOf(CanaryAnalysis analysis) {
    CanarySpec spec = new CanarySpec();
    spec.setAnalysis(analysis);
    return spec;
  }

  /**
   * The canary's provider. {@link SpecDefaults#provider} is where the default lives; this stays for
   * {@code MetricAnalyzer} until the metric-provider seam, which rewrites that class, reads it
   * there.
   */
  public static String provider(CanarySpec spec, SluiceConfig config) {
    return SpecDefaults.provider(spec, config);
  }

  /** The providers whose routers pin sessions. */
  private static final List<String> STICKY_PROVIDERS =
      List.of("istio", GatewayApiRouter.PROVIDER_V1, GatewayApiRouter.PROVIDER_V1BETA1);

  /** Providers without session affinity whose own validation does not refuse it. */
  private static final List<String> UNSTICKY_UNCHECKED_ELSEWHERE =
      List.of(NginxRouter.PROVIDER, KubernetesRouter.PROVIDER);

  private static List<String> sessionAffinityProblems(String provider, CanarySpec spec) {
    if (spec.getAnalysis() == null || spec.getAnalysis().getSessionAffinity() == null) {
      return List.of();
    }
    if (STICKY_PROVIDERS.contains(provider)) {
      return StickySession.problems(spec);
    }
    // traefik, smi and contour refuse it in their own checks; these two have none of their own
    if (UNSTICKY_UNCHECKED_ELSEWHERE.contains(provider)) {
      return List.of(
          "provider "
              + provider
              + " cannot pin sessions: unset analysis.sessionAffinity (supported: "
              + String.join(", ", STICKY_PROVIDERS)
              + ")");
    }
    return List.of();
  }
}

package dev.sluice.controller;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.router.MeshProviders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What makes a Canary impossible to act on, each problem said so that the user can fix it. An empty
 * list means the canary is valid. The API server's schema catches types; this catches meaning.
 */
public final class CanaryValidator {
  private CanaryValidator() {}

  public static List<String> problems(Canary canary, SluiceConfig config, MeshProviders meshes) {
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
    problems.addAll(meshes.problems(provider, spec));
    if (spec.getService() == null || spec.getService().getPort() == null) {
      problems.add("spec.service.port is missing");
    }
    CanaryAnalysis analysis = spec.getAnalysis();
    if (analysis == null) {
      problems.add("spec.analysis is missing");
      return problems;
    }
    problems.addAll(analysisProblems(analysis, config));
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

  private static List<String> analysisProblems(CanaryAnalysis analysis, SluiceConfig config) {
    List<String> problems = new ArrayList<>();
    SpecDefaults.intervalProblem(analysis, config).ifPresent(problems::add);
    Strategy strategy = Strategy.of(specOf(analysis));
    if (strategy == Strategy.CANARY) {
      boolean steps = analysis.getStepWeights() != null && !analysis.getStepWeights().isEmpty();
      if (!steps && (analysis.getStepWeight() == null || analysis.getStepWeight() <= 0)) {
        problems.add("analysis needs stepWeight > 0, stepWeights, or iterations");
      }
      if (steps && !ascendingPercentages(analysis.getStepWeights())) {
        problems.add("analysis.stepWeights must ascend within 1..100");
      }
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
}

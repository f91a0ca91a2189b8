package dev.sluice.controller;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryJudge;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.HookType;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.judge.JudgeSettings;
import dev.sluice.outbound.AddressPolicy;
import dev.sluice.outbound.MaskedUrl;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.router.MeshProviders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * What makes a Canary impossible to act on, each problem said so that the user can fix it. An empty
 * list means the canary is valid. The API server's schema catches types; this catches meaning.
 */
public final class CanaryValidator {
  /**
   * The longest webhook {@code timeout}: a hook is called inside a tick, so a longer one holds a
   * worker that other canaries wait for; a longer job is started by the hook and its result
   * reported by a later call.
   */
  public static final Duration MAX_WEBHOOK_TIMEOUT = Duration.ofMinutes(5);

  /** The most webhook {@code retries}: more than Flagger's examples ever use, and bounded. */
  public static final int MAX_WEBHOOK_RETRIES = 20;

  /**
   * What a metric's {@code interval} may be: a Go duration that PromQL reads as the same range
   * (whole numbers of h, m, s, ms, largest first), since it is spliced into the query as written.
   */
  private static final Pattern QUERY_DURATION =
      Pattern.compile("(?!$)(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?");

  private CanaryValidator() {}

  /**
   * As {@link #problems(Canary, SluiceConfig, MeshProviders, AddressPolicy)} under the defaults.
   */
  public static List<String> problems(Canary canary, SluiceConfig config, MeshProviders meshes) {
    return problems(canary, config, meshes, AddressPolicy.defaults());
  }

  /**
   * @param addresses where webhooks may go: a URL refused as written (Sluice's own API, a denied
   *     address) is a problem here, naming the hook; what only a lookup shows fails the call
   */
  public static List<String> problems(
      Canary canary, SluiceConfig config, MeshProviders meshes, AddressPolicy addresses) {
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
    if (analysis.getJudge() != null) {
      problems.addAll(judgeProblems(analysis.getJudge(), provider, meshes));
    }
    if (analysis.getWebhooks() != null) {
      for (CanaryWebhook hook : analysis.getWebhooks()) {
        problems.addAll(webhookProblems(hook));
        if (hook.getUrl() != null) {
          addresses
              .refusalAsWritten(hook.getUrl())
              .ifPresent(
                  why ->
                      problems.add(
                          "webhook "
                              + hook.getName()
                              + ": url "
                              + MaskedUrl.show(hook.getUrl())
                              + " is refused: "
                              + why));
        }
      }
    }
    if (analysis.getMetrics() != null) {
      for (CanaryMetric metric : analysis.getMetrics()) {
        intervalProblem(metric).ifPresent(problems::add);
        try {
          MetricEvaluator.policyOf(metric);
        } catch (IllegalArgumentException e) {
          problems.add("metric " + metric.getName() + ": " + e.getMessage());
        }
      }
    }
    return problems;
  }

  /**
   * What is wrong with {@code analysis.judge}: its settings, and a builtin signal ({@code errors},
   * {@code latency}) the provider has no count queries for.
   */
  private static List<String> judgeProblems(
      CanaryJudge judge, String provider, MeshProviders meshes) {
    List<String> problems = new ArrayList<>(JudgeSettings.problems(judge));
    if (!problems.isEmpty()) {
      return problems;
    }
    boolean counts = meshes.countQueries(provider).isPresent();
    for (JudgeSignal signal : JudgeSettings.of(judge).signals()) {
      boolean builtin =
          JudgeSignal.ERRORS.equals(signal.getName())
              || JudgeSignal.LATENCY.equals(signal.getName());
      if (builtin && !counts) {
        problems.add(
            "analysis.judge.signals "
                + signal.getName()
                + ": provider "
                + provider
                + " has no builtin counts; name the signal otherwise and give it"
                + " requestsTemplateRef and badTemplateRef");
      }
    }
    return problems;
  }

  /**
   * The MetricTemplates {@code analysis.judge.signals} name that do not exist, each naming the
   * field; empty without a judge.
   *
   * @param templates the MetricTemplate of a namespace and name, as the informer cache has it
   */
  public static List<String> judgeTemplateProblems(
      Canary canary, BiFunction<String, String, Optional<MetricTemplate>> templates) {
    CanaryAnalysis analysis = canary.getSpec() == null ? null : canary.getSpec().getAnalysis();
    if (analysis == null
        || analysis.getJudge() == null
        || analysis.getJudge().getSignals() == null) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    for (JudgeSignal signal : analysis.getJudge().getSignals()) {
      templateProblem(
              canary, signal, "requestsTemplateRef", signal.getRequestsTemplateRef(), templates)
          .ifPresent(problems::add);
      templateProblem(canary, signal, "badTemplateRef", signal.getBadTemplateRef(), templates)
          .ifPresent(problems::add);
    }
    return problems;
  }

  private static Optional<String> templateProblem(
      Canary canary,
      JudgeSignal signal,
      String field,
      CrossNamespaceReference ref,
      BiFunction<String, String, Optional<MetricTemplate>> templates) {
    if (ref == null || ref.getName() == null) {
      return Optional.empty();
    }
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isBlank()
            ? canary.getMetadata().getNamespace()
            : ref.getNamespace();
    if (templates.apply(namespace, ref.getName()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "analysis.judge.signals "
            + signal.getName()
            + ": "
            + field
            + " "
            + namespace
            + "/"
            + ref.getName()
            + ": MetricTemplate not found");
  }

  private static List<String> analysisProblems(CanaryAnalysis analysis, SluiceConfig config) {
    List<String> problems = new ArrayList<>();
    SpecDefaults.intervalProblem(analysis, config).ifPresent(problems::add);
    percentProblem("analysis.maxWeight", analysis.getMaxWeight()).ifPresent(problems::add);
    percentProblem("analysis.primaryReadyThreshold", analysis.getPrimaryReadyThreshold())
        .ifPresent(problems::add);
    percentProblem("analysis.canaryReadyThreshold", analysis.getCanaryReadyThreshold())
        .ifPresent(problems::add);
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
        if (GoDuration.parse(hook.getTimeout()).compareTo(MAX_WEBHOOK_TIMEOUT) > 0) {
          problems.add(
              "webhook "
                  + hook.getName()
                  + ": timeout "
                  + hook.getTimeout()
                  + " is above the maximum of "
                  + MAX_WEBHOOK_TIMEOUT.toMinutes()
                  + "m");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            "webhook " + hook.getName() + ": timeout " + hook.getTimeout() + " is not a duration");
      }
    }
    Integer retries = hook.getRetries();
    if (retries != null && (retries < 0 || retries > MAX_WEBHOOK_RETRIES)) {
      problems.add(
          "webhook "
              + hook.getName()
              + ": retries "
              + retries
              + " is not within 0.."
              + MAX_WEBHOOK_RETRIES);
    }
    return problems;
  }

  /** A percentage of traffic or of replicas: 0 and below, or above 100, mean nothing. */
  private static Optional<String> percentProblem(String field, Integer value) {
    if (value == null || (value >= 1 && value <= 100)) {
      return Optional.empty();
    }
    return Optional.of(field + " " + value + " is not within 1..100");
  }

  private static Optional<String> intervalProblem(CanaryMetric metric) {
    String interval = metric.getInterval();
    if (interval == null || interval.isEmpty()) {
      return Optional.empty();
    }
    if (QUERY_DURATION.matcher(interval).matches()
        && GoDuration.parse(interval).compareTo(Duration.ZERO) > 0) {
      return Optional.empty();
    }
    return Optional.of(
        "metric "
            + metric.getName()
            + ": interval "
            + interval
            + " is not a positive duration such as 30s, 1m or 1h30m");
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

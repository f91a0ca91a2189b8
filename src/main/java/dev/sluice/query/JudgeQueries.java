package dev.sluice.query;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.MetricTemplate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The queries the judge runs for one signal of {@code analysis.judge}: the requests and the bad
 * requests, of the canary and of the primary, each over the analysis interval. Builtin signals
 * ({@code errors}, {@code latency}) use the mesh's {@link CountQueries}; others render their two
 * MetricTemplates, with {@code {{ target }}} the canary's workload and then {@code NAME-primary}.
 * Pure: the caller looks the templates up.
 */
public final class JudgeQueries {

  /** The workload whose counts a query reads. */
  public enum Role {
    CANARY,
    PRIMARY
  }

  /** What to run for one signal, or why it cannot be read. */
  public sealed interface Signal {}

  /**
   * The four queries of a signal.
   *
   * @param requests all requests, by workload
   * @param bad the bad ones, by workload
   */
  public record Queries(Map<Role, MetricQuery.Run> requests, Map<Role, MetricQuery.Run> bad)
      implements Signal {
    public Queries {
      requests = Map.copyOf(requests);
      bad = Map.copyOf(bad);
    }
  }

  /** The signal cannot be read: no builtin counts for the mesh, a missing template, ... */
  public record Unresolvable(String reason) implements Signal {}

  private JudgeQueries() {}

  /**
   * Resolves the queries of {@code signal}.
   *
   * @param interval the analysis interval as written, the window of every count ({@code {{ interval
   *     }}})
   * @param provider the mesh provider string, named when it has no builtin counts
   * @param counts the mesh's builtin count queries, empty when it has none
   * @param requestsTemplate the MetricTemplate of {@code requestsTemplateRef}, null when absent
   * @param badTemplate the MetricTemplate of {@code badTemplateRef}, null when absent
   * @param providerTypes the metric provider types this build runs
   */
  public static Signal resolve(
      Canary canary,
      JudgeSignal signal,
      String interval,
      String provider,
      Optional<CountQueries> counts,
      MetricTemplate requestsTemplate,
      MetricTemplate badTemplate,
      Collection<String> providerTypes) {
    String name = signal.getName();
    boolean builtin = JudgeSignal.ERRORS.equals(name) || JudgeSignal.LATENCY.equals(name);
    if (!builtin) {
      return custom(canary, signal, interval, requestsTemplate, badTemplate, providerTypes);
    }
    if (counts.isEmpty()) {
      return new Unresolvable(
          "provider "
              + provider
              + " has no builtin counts for the judge's "
              + name
              + " signal; give it another name with requestsTemplateRef and badTemplateRef");
    }
    CountQueries queries = counts.get();
    String bad = JudgeSignal.ERRORS.equals(name) ? queries.errors() : queries.slower();
    Map<String, String> variables = Map.of();
    if (JudgeSignal.LATENCY.equals(name)) {
      variables =
          Map.of(
              CountQueries.LE,
              CountQueries.bucketBound(
                  GoDuration.parse(signal.getSlowerThan()), queries.bucketUnit()));
    }
    String label = "builtin " + provider + "/judge " + name;
    try {
      QueryContext canaryContext =
          context(canary, interval, queries.canaryTarget(), variables, null);
      QueryContext primaryContext =
          context(canary, interval, queries.primaryTarget(), variables, null);
      return new Queries(
          Map.of(
              Role.CANARY, builtinRun(label, queries.requests(), canaryContext),
              Role.PRIMARY, builtinRun(label, queries.requests(), primaryContext)),
          Map.of(
              Role.CANARY, builtinRun(label, bad, canaryContext),
              Role.PRIMARY, builtinRun(label, bad, primaryContext)));
    } catch (QueryTemplateException e) {
      return new Unresolvable(e.getMessage());
    }
  }

  private static Signal custom(
      Canary canary,
      JudgeSignal signal,
      String interval,
      MetricTemplate requestsTemplate,
      MetricTemplate badTemplate,
      Collection<String> providerTypes) {
    Map<Role, MetricQuery.Run> requests = new java.util.EnumMap<>(Role.class);
    Map<Role, MetricQuery.Run> bad = new java.util.EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      String format = role == Role.CANARY ? CountQueries.WORKLOAD : CountQueries.PRIMARY_WORKLOAD;
      MetricQuery all =
          template(
              canary,
              signal.getRequestsTemplateRef(),
              interval,
              format,
              requestsTemplate,
              providerTypes);
      if (all instanceof MetricQuery.Unresolvable u) {
        return new Unresolvable("judge " + signal.getName() + " requests: " + u.reason());
      }
      MetricQuery failed =
          template(
              canary, signal.getBadTemplateRef(), interval, format, badTemplate, providerTypes);
      if (failed instanceof MetricQuery.Unresolvable u) {
        return new Unresolvable("judge " + signal.getName() + " bad: " + u.reason());
      }
      requests.put(role, (MetricQuery.Run) all);
      bad.put(role, (MetricQuery.Run) failed);
    }
    return new Queries(requests, bad);
  }

  private static MetricQuery template(
      Canary canary,
      CrossNamespaceReference ref,
      String interval,
      String targetFormat,
      MetricTemplate template,
      Collection<String> providerTypes) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("judge");
    metric.setTemplateRef(ref);
    metric.setInterval(interval);
    QueryContext context = context(canary, interval, targetFormat, Map.of(), metric);
    return QueryResolver.resolve(
        metric, context, new Builtins("", Map.of()), template, providerTypes);
  }

  private static QueryContext context(
      Canary canary,
      String interval,
      String targetFormat,
      Map<String, String> variables,
      CanaryMetric metric) {
    CanaryMetric of = metric;
    if (of == null) {
      of = new CanaryMetric();
      of.setInterval(interval);
    }
    QueryContext base = QueryContext.of(canary, of);
    return new QueryContext(
        base.name(),
        base.namespace(),
        targetFormat.formatted(base.target()),
        base.service(),
        base.ingress(),
        interval,
        variables);
  }

  private static MetricQuery.Run builtinRun(String label, String template, QueryContext context) {
    return new MetricQuery.Run(
        QueryResolver.PROMETHEUS, QueryTemplate.render(label, template, context), null);
  }
}

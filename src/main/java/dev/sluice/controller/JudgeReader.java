package dev.sluice.controller;

import dev.sluice.analysis.StepPlan;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.judge.Baseline;
import dev.sluice.judge.Counts;
import dev.sluice.judge.IntervalCounts;
import dev.sluice.judge.JudgeReadings;
import dev.sluice.judge.JudgeSettings;
import dev.sluice.kube.ClusterCache;
import dev.sluice.metricprovider.MetricProvider;
import dev.sluice.metricprovider.MetricProviderFactory;
import dev.sluice.metricprovider.MetricSource;
import dev.sluice.metricprovider.RangeResult;
import dev.sluice.query.JudgeQueries;
import dev.sluice.query.JudgeQueries.Role;
import dev.sluice.query.MetricQuery;
import dev.sluice.query.QueryResult;
import dev.sluice.router.MeshProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jboss.logging.Logger;

/**
 * Reads what the judge ({@code analysis.judge}) compares: each signal's requests and bad requests
 * of the canary and of the primary over the last analysis interval, and at a run's first step the
 * primary's history, one value per interval over {@code analysis.judge.history}. Every query goes
 * through the metric provider of its type, so under the canary's breakers and bulkheads, and under
 * the tick's deadline ({@link TickCalls}). A signal that cannot be read is a reason, never a crash.
 */
@ApplicationScoped
public class JudgeReader {
  private static final Logger LOG = Logger.getLogger(JudgeReader.class);

  @Inject ClusterCache cache;
  @Inject MetricProviderFactory providers;
  @Inject SluiceConfig config;
  @Inject MeshProviders meshes;
  @Inject Clock clock;

  /** What {@code calls} asks of the judge for {@code canary}; none without a judge. */
  public JudgeReadings read(TickCalls window, Canary canary, StepPlan.JudgeCalls calls) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    if (analysis == null || analysis.getJudge() == null || !(calls.history() || calls.interval())) {
      return JudgeReadings.none();
    }
    JudgeSettings settings = JudgeSettings.of(analysis.getJudge());
    Duration interval = SpecDefaults.interval(analysis, config);
    Map<String, IntervalCounts> intervals = new HashMap<>();
    Map<String, Baseline> baselines = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    for (JudgeSignal signal : settings.signals()) {
      String name = signal.getName();
      JudgeQueries.Signal resolved = resolve(canary, signal, interval);
      if (resolved instanceof JudgeQueries.Unresolvable u) {
        unreadable.put(name, u.reason());
        continue;
      }
      JudgeQueries.Queries queries = (JudgeQueries.Queries) resolved;
      if (calls.interval()) {
        try {
          intervals.put(
              name,
              new IntervalCounts(
                  counts(window, canary, signal, queries, Role.CANARY),
                  counts(window, canary, signal, queries, Role.PRIMARY)));
        } catch (Unread e) {
          unreadable.put(name, e.getMessage());
        }
      }
      if (calls.history() && settings.history().compareTo(interval) >= 0) {
        baselines.put(name, history(window, canary, signal, queries, settings, interval));
      }
    }
    return new JudgeReadings(intervals, baselines, unreadable);
  }

  private JudgeQueries.Signal resolve(Canary canary, JudgeSignal signal, Duration interval) {
    String provider = SpecDefaults.provider(canary.getSpec(), config);
    return JudgeQueries.resolve(
        canary,
        signal,
        interval.toSeconds() + "s",
        provider,
        meshes.countQueries(provider),
        template(canary, signal.getRequestsTemplateRef()),
        template(canary, signal.getBadTemplateRef()),
        providers.types());
  }

  private Counts counts(
      TickCalls window, Canary canary, JudgeSignal signal, JudgeQueries.Queries queries, Role role)
      throws Unread {
    String who = role == Role.CANARY ? "canary" : "primary";
    double requests =
        value(window, canary, queries.requests().get(role), signal.getRequestsTemplateRef(), who);
    double bad = value(window, canary, queries.bad().get(role), signal.getBadTemplateRef(), who);
    return Counts.measured(requests, bad);
  }

  private double value(
      TickCalls window, Canary canary, MetricQuery.Run run, CrossNamespaceReference ref, String who)
      throws Unread {
    MetricProvider provider = provider(run);
    MetricSource source = source(canary, run, ref);
    QueryResult result =
        window.call(() -> provider.query(source, run.query()), QueryResult.Failed::new);
    if (result instanceof QueryResult.Value v) {
      return v.value();
    }
    if (result instanceof QueryResult.NoData n) {
      throw new Unread(
          "no data for the "
              + who
              + ": "
              + n.reason()
              + (ref == null && run.query().contains("le=~")
                  ? " (is slowerThan a bucket bound of the histogram?)"
                  : ""));
    }
    throw new Unread("the " + who + "'s counts failed: " + ((QueryResult.Failed) result).reason());
  }

  /**
   * The primary's baseline: its requests and bad requests at every interval of the history before
   * now, one range query each. A provider without range queries, or one that fails, gives none: the
   * judge then learns how bursty errors are from the run itself.
   */
  private Baseline history(
      TickCalls window,
      Canary canary,
      JudgeSignal signal,
      JudgeQueries.Queries queries,
      JudgeSettings settings,
      Duration interval) {
    Instant end = clock.instant();
    Instant start = end.minus(settings.history()).plus(interval);
    MetricQuery.Run requests = queries.requests().get(Role.PRIMARY);
    MetricQuery.Run bad = queries.bad().get(Role.PRIMARY);
    RangeResult all =
        range(window, canary, requests, signal.getRequestsTemplateRef(), start, end, interval);
    RangeResult failed =
        range(window, canary, bad, signal.getBadTemplateRef(), start, end, interval);
    if (all instanceof RangeResult.Points a && failed instanceof RangeResult.Points b) {
      List<Counts> history = new ArrayList<>();
      SortedMap<Instant, Double> badAt = b.values();
      a.values()
          .forEach(
              (at, n) -> {
                Double x = badAt.get(at);
                if (x != null) {
                  history.add(Counts.measured(n, x));
                }
              });
      LOG.debugf(
          "Judge %s of %s: %d intervals of the primary's history",
          signal.getName(), canary.key(), history.size());
      return Baseline.of(history);
    }
    String why = all instanceof RangeResult.Points ? reason(failed) : reason(all);
    LOG.infof(
        "Judge %s of %s reads no history of the primary (%s): it learns from the run alone",
        signal.getName(), canary.key(), why);
    return Baseline.NONE;
  }

  private RangeResult range(
      TickCalls window,
      Canary canary,
      MetricQuery.Run run,
      CrossNamespaceReference ref,
      Instant start,
      Instant end,
      Duration step) {
    MetricProvider provider;
    try {
      provider = provider(run);
    } catch (Unread e) {
      return new RangeResult.Failed(e.getMessage());
    }
    MetricSource source = source(canary, run, ref);
    return window.call(
        () -> provider.queryRange(source, run.query(), start, end, step), RangeResult.Failed::new);
  }

  private static String reason(RangeResult result) {
    if (result instanceof RangeResult.Unsupported u) {
      return u.reason();
    }
    return result instanceof RangeResult.Failed f ? f.reason() : "no points";
  }

  private MetricProvider provider(MetricQuery.Run run) throws Unread {
    return providers
        .forType(run.providerType())
        .orElseThrow(() -> new Unread("no metric provider of type " + run.providerType()));
  }

  private MetricTemplate template(Canary canary, CrossNamespaceReference ref) {
    return ref == null
        ? null
        : cache.metricTemplate(namespace(canary, ref), ref.getName()).orElse(null);
  }

  private static MetricSource source(
      Canary canary, MetricQuery.Run run, CrossNamespaceReference ref) {
    return new MetricSource(
        run.templateProvider(),
        namespace(canary, ref),
        canary.getSpec().getMetricsServer(),
        canary.key());
  }

  private static String namespace(Canary canary, CrossNamespaceReference ref) {
    return ref == null || ref.getNamespace() == null || ref.getNamespace().isBlank()
        ? canary.getMetadata().getNamespace()
        : ref.getNamespace();
  }

  /** A signal that could not be read this interval, with why. */
  private static final class Unread extends Exception {
    Unread(String why) {
      super(why, null, false, false);
    }
  }
}

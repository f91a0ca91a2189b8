package dev.sluice.metricprovider;

import dev.sluice.query.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One kind of metric server a MetricTemplate names in {@code spec.provider.type} (Prometheus,
 * Datadog, ...). Each is an {@code @ApplicationScoped} bean; {@link MetricProviderFactory} finds
 * every one of them and picks one by {@link #type()}.
 *
 * <p>Contract of both calls: they block the calling thread (a tick's worker) no longer than the
 * provider's own deadlines, must not run on an event-loop thread, and never throw: every outcome is
 * a value or a reason a user can act on, fit for status and Events (credentials masked). A server
 * that keeps failing is short-circuited by the provider, so that it cannot hold every tick that
 * asks it; a canary whose own queries fail or time out never cuts another canary off the server.
 */
public interface MetricProvider {

  /** The {@code spec.provider.type} this provider answers to, e.g. {@code prometheus}; unique. */
  String type();

  /**
   * Flagger's pre-flight while a canary initializes: does every server these sources name answer?
   * Each distinct server is asked once, however many of the canary's checks use it.
   *
   * @param sources where the canary's checks of this provider's type run
   * @return one reason per server that does not answer, naming it; empty when all answer (a canary
   *     with reasons waits, {@code Ready=False} with {@code MetricsProviderUnavailable})
   */
  List<String> unavailable(List<MetricSource> sources);

  /**
   * Runs the query of one check.
   *
   * @param source where the check runs
   * @param query the rendered query, in the provider's own language
   * @return {@link QueryResult.Value} for exactly one usable number; {@link QueryResult.NoData}
   *     when the query ran but gave nothing to judge (no series, NaN, ...); {@link
   *     QueryResult.Failed} with the reason when the server could not answer or refused the query
   */
  QueryResult query(MetricSource source, String query);

  /**
   * Runs {@code query} at every {@code step} from {@code start} to {@code end}, for one value per
   * step (the judge reads the primary's history so). Bounded and never throwing, as {@link #query}.
   * A provider without range queries answers {@link RangeResult.Unsupported}, the default.
   */
  default RangeResult queryRange(
      MetricSource source, String query, Instant start, Instant end, Duration step) {
    return new RangeResult.Unsupported("metric provider " + type() + " has no range queries");
  }

  /**
   * Drops whatever the provider keeps for a canary that is gone ({@link MetricSource#canary()}),
   * and what it keeps for servers no canary asks any more, so that its memory does not grow with
   * every canary ever run.
   *
   * @param canary {@code namespace/name}
   */
  void forget(String canary);
}

package dev.sluice.replay;

import dev.sluice.metricprovider.RangeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A workload's counts per interval over a past window, read from Prometheus with range queries
 * whose step is the interval: the value at time t counts the interval that ends at t.
 */
final class PastCounts {
  /** Points per range query: far under Prometheus' 11,000, and a bounded answer. */
  static final int POINTS_PER_QUERY = 1000;

  private final RangeReader reader;
  private final PastCountQueries queries;

  PastCounts(RangeReader reader, PastCountQueries queries) {
    this.reader = reader;
    this.queries = queries;
  }

  /**
   * The counts of the {@code intervals} intervals that end at {@code first}, {@code first +
   * interval}, ...
   *
   * @param slowerThan the latency signal's bound; null when slow requests are not needed
   * @throws IllegalStateException when a query fails, with Prometheus' reason
   */
  List<WorkloadCounts> read(
      String namespace,
      String workload,
      Instant first,
      int intervals,
      Duration interval,
      Duration slowerThan) {
    SortedMap<Instant, Double> requests =
        range(queries.requests(namespace, workload, interval), first, intervals, interval);
    SortedMap<Instant, Double> errors =
        range(queries.errors(namespace, workload, interval), first, intervals, interval);
    SortedMap<Instant, Double> slow =
        slowerThan == null
            ? null
            : range(
                queries.slow(namespace, workload, interval, slowerThan),
                first,
                intervals,
                interval);
    List<WorkloadCounts> counts = new ArrayList<>();
    for (int i = 0; i < intervals; i++) {
      Instant end = first.plus(interval.multipliedBy(i));
      long all = count(requests, end);
      long failed = Math.min(all, count(errors, end));
      long slower = slow == null ? 0 : Math.min(all, count(slow, end));
      counts.add(new WorkloadCounts(all, failed, slower));
    }
    return counts;
  }

  private SortedMap<Instant, Double> range(
      String promql, Instant first, int intervals, Duration interval) {
    SortedMap<Instant, Double> all = new TreeMap<>();
    for (int done = 0; done < intervals; done += POINTS_PER_QUERY) {
      Instant start = first.plus(interval.multipliedBy(done));
      int points = Math.min(POINTS_PER_QUERY, intervals - done);
      Instant end = start.plus(interval.multipliedBy(points - 1));
      RangeResult answer = reader.read(promql, start, end, interval);
      if (answer instanceof RangeResult.Failed failed) {
        throw new IllegalStateException(failed.reason());
      }
      if (!(answer instanceof RangeResult.Points read)) {
        throw new IllegalStateException("the metrics server has no range queries");
      }
      all.putAll(read.values());
    }
    return all;
  }

  /** An increase() is extrapolated, so rounded; no sample (no series) is no request. */
  private static long count(SortedMap<Instant, Double> samples, Instant at) {
    Double value = samples.get(at);
    return value == null || value.isNaN() || value < 0 ? 0 : Math.round(value);
  }
}

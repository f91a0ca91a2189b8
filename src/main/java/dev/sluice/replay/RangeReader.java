package dev.sluice.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs one range query ({@code query_range}) of a single series: the seam between a replay and the
 * metrics server, bounded like every outgoing call.
 */
@FunctionalInterface
public interface RangeReader {

  /** What a range query answered. */
  sealed interface Answer {}

  /** The values of the one series by time; empty when the query matched nothing. */
  record Points(SortedMap<Instant, Double> values) implements Answer {
    public Points {
      values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
  }

  /** No answer to read, with a reason a person can act on. */
  record Failed(String reason) implements Answer {}

  /** Runs {@code promql} at every {@code step} from {@code start} to {@code end}; never throws. */
  Answer read(String promql, Instant start, Instant end, Duration step);
}

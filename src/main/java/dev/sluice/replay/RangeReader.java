package dev.sluice.replay;

import dev.sluice.metricprovider.RangeResult;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one range query ({@code query_range}) of a single series: the seam between a replay and the
 * metrics server. {@code analyze -f} runs it through the controller's Prometheus client (deadline,
 * answer cap, the same reading of Prometheus' answers and errors).
 */
@FunctionalInterface
public interface RangeReader {

  /** Runs {@code promql} at every {@code step} from {@code start} to {@code end}; never throws. */
  RangeResult read(String promql, Instant start, Instant end, Duration step);
}

package dev.sluice.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * The PromQL that counts one workload's requests over an interval: all of them, the 5xx among them,
 * and those answered within a bound (for the judge's latency signal). The one seam between a replay
 * and a mesh's metrics.
 */
public interface PastCountQueries {

  /** Requests to {@code workload} in {@code namespace} over each {@code interval}. */
  String requests(String namespace, String workload, Duration interval);

  /** Of those, the ones answered with a 5xx. */
  String errors(String namespace, String workload, Duration interval);

  /**
   * Of those, the ones answered within {@code bound}, from the duration histogram's bucket at that
   * bound; empty when the mesh has no such histogram.
   */
  Optional<String> fast(String namespace, String workload, Duration interval, Duration bound);
}

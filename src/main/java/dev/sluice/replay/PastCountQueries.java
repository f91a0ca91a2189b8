package dev.sluice.replay;

import java.time.Duration;

/**
 * The PromQL that counts one workload's requests over an interval: all of them, the 5xx among them,
 * and those slower than a bound (for the judge's latency signal). The one seam between a replay and
 * a mesh's metrics.
 */
public interface PastCountQueries {

  /** Requests to {@code workload} in {@code namespace} over each {@code interval}. */
  String requests(String namespace, String workload, Duration interval);

  /** Of those, the ones answered with a 5xx. */
  String errors(String namespace, String workload, Duration interval);

  /** Of those, the ones slower than {@code bound}, from the mesh's duration histogram. */
  String slow(String namespace, String workload, Duration interval, Duration bound);
}

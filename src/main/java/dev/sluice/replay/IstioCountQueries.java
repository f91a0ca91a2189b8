package dev.sluice.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * Istio's standard metrics as the destination workload reports them, the series Istio's builtin
 * {@code request-success-rate} reads. Until the mesh providers offer count queries of their own,
 * every replay reads these.
 */
public final class IstioCountQueries implements PastCountQueries {

  @Override
  public String requests(String namespace, String workload, Duration interval) {
    return "sum(increase(istio_requests_total{"
        + selector(namespace, workload)
        + "}["
        + range(interval)
        + "]))";
  }

  @Override
  public String errors(String namespace, String workload, Duration interval) {
    return "sum(increase(istio_requests_total{"
        + selector(namespace, workload)
        + ",response_code=~\"5.*\"}["
        + range(interval)
        + "]))";
  }

  @Override
  public Optional<String> fast(
      String namespace, String workload, Duration interval, Duration bound) {
    return Optional.of(
        "sum(increase(istio_request_duration_milliseconds_bucket{"
            + selector(namespace, workload)
            + ",le=\""
            + bound.toMillis()
            + "\"}["
            + range(interval)
            + "]))");
  }

  private static String selector(String namespace, String workload) {
    return "reporter=\"destination\",destination_workload_namespace=\""
        + namespace
        + "\",destination_workload=~\""
        + workload
        + "\"";
  }

  /** A PromQL range: whole seconds. */
  static String range(Duration interval) {
    return interval.toSeconds() + "s";
  }
}

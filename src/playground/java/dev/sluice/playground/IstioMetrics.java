package dev.sluice.playground;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The standard Istio metrics that Sluice's builtin {@code istio} queries read, as the sidecar of
 * the destination workload reports them ({@code reporter="destination"}), in Prometheus text
 * exposition format 0.0.4.
 *
 * <p>Only the labels those queries use are kept: {@code reporter}, {@code destination_workload},
 * {@code destination_workload_namespace} and {@code response_code}.
 */
final class IstioMetrics {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Istio's default buckets of {@code istio_request_duration_milliseconds}. */
  static final long[] BUCKETS = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

  private record Series(String workload, String namespace, int responseCode) {
    String labels() {
      return "reporter=\"destination\",destination_workload=\"%s\",destination_workload_namespace=\"%s\",response_code=\"%d\""
          .formatted(escape(workload), escape(namespace), responseCode);
    }
  }

  private static final class Stats {
    final LongAdder count = new LongAdder();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final DoubleAdder sumMillis = new DoubleAdder();

    Stats() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  private final Map<Series, Stats> series = new ConcurrentHashMap<>();

  /** Records one request that {@code workload} answered with {@code responseCode}. */
  void record(String workload, String namespace, int responseCode, double millis) {
    Stats stats =
        series.computeIfAbsent(new Series(workload, namespace, responseCode), s -> new Stats());
    for (int i = 0; i < BUCKETS.length; i++) {
      if (millis <= BUCKETS[i]) {
        stats.buckets[i].increment();
      }
    }
    stats.sumMillis.add(millis);
    stats.count.increment();
  }

  /** Every series in Prometheus text format, in a stable order. */
  String exposition() {
    var ordered =
        series.entrySet().stream()
            .sorted(
                Map.Entry.comparingByKey(
                    Comparator.comparing(Series::namespace)
                        .thenComparing(Series::workload)
                        .thenComparingInt(Series::responseCode)))
            .toList();
    StringBuilder out = new StringBuilder();
    out.append("# HELP istio_requests_total Requests received by the destination workload.\n")
        .append("# TYPE istio_requests_total counter\n");
    for (var entry : ordered) {
      out.append("istio_requests_total{")
          .append(entry.getKey().labels())
          .append("} ")
          .append(entry.getValue().count.sum())
          .append('\n');
    }
    out.append("# HELP istio_request_duration_milliseconds Time the destination took to answer.\n")
        .append("# TYPE istio_request_duration_milliseconds histogram\n");
    for (var entry : ordered) {
      histogram(out, entry.getKey().labels(), entry.getValue());
    }
    return out.toString();
  }

  private static void histogram(StringBuilder out, String labels, Stats stats) {
    // A request records its bucket before the count, and the count is read before the buckets, so a
    // concurrent request can show in a bucket but not yet in the count; clamping keeps every bucket
    // at most +Inf, as Prometheus requires of a histogram.
    long count = stats.count.sum();
    for (int i = 0; i < BUCKETS.length; i++) {
      out.append("istio_request_duration_milliseconds_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(BUCKETS[i])
          .append("\"} ")
          .append(Math.min(count, stats.buckets[i].sum()))
          .append('\n');
    }
    out.append("istio_request_duration_milliseconds_bucket{")
        .append(labels)
        .append(",le=\"+Inf\"} ")
        .append(count)
        .append('\n');
    out.append("istio_request_duration_milliseconds_sum{")
        .append(labels)
        .append("} ")
        .append(stats.sumMillis.sum())
        .append('\n');
    out.append("istio_request_duration_milliseconds_count{")
        .append(labels)
        .append("} ")
        .append(count)
        .append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

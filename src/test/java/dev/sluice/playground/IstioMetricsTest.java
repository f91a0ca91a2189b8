package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IstioMetricsTest {

  @Test
  void requestsShowAsACounterAndACumulativeHistogramPerWorkloadAndCode() {
    // given
    IstioMetrics metrics = new IstioMetrics();

    // when
    metrics.record("podinfo", "test", 200, 3);
    metrics.record("podinfo", "test", 200, 30);
    metrics.record("podinfo", "test", 500, 0.5);

    // then
    String text = metrics.exposition();
    String labels =
        "reporter=\"destination\",destination_workload=\"podinfo\","
            + "destination_workload_namespace=\"test\",response_code=\"200\"";
    assertTrue(text.contains("# TYPE istio_requests_total counter\n"), text);
    assertTrue(text.contains("istio_requests_total{" + labels + "} 2\n"), text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_bucket{" + labels + ",le=\"1\"} 0\n"),
        text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_bucket{" + labels + ",le=\"5\"} 1\n"),
        text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_bucket{" + labels + ",le=\"50\"} 2\n"),
        text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_bucket{" + labels + ",le=\"+Inf\"} 2\n"),
        text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_sum{" + labels + "} 33.0\n"), text);
    assertTrue(
        text.contains("istio_request_duration_milliseconds_count{" + labels + "} 2\n"), text);
    assertTrue(text.contains("response_code=\"500\"} 1\n"), text);
  }
}

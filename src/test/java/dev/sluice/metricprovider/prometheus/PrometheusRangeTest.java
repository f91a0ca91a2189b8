package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers of {@code /api/v1/query_range} as a replay reads them. */
class PrometheusRangeTest {

  @Test
  void aMatrixOfOneSeriesIsItsSamplesByTime() {
    String body =
        """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{},"values":[[1764770400,"1200"],[1764770460.5,"1188.75"]]}]}}""";

    PrometheusRange range = PrometheusRange.interpret(200, body, "sum(increase(x[60s]))");

    PrometheusRange.Samples samples = assertInstanceOf(PrometheusRange.Samples.class, range);
    assertEquals(
        Map.of(
            Instant.ofEpochSecond(1764770400), 1200.0,
            Instant.ofEpochMilli(1764770460500L), 1188.75),
        samples.values());
  }

  @Test
  void noSeriesIsNoSamplesAndSeveralAreRefused() {
    String none = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    String two =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"a\":\"1\"},\"values\":[]},{\"metric\":{\"a\":\"2\"},\"values\":[]}]}}";

    assertEquals(
        Map.of(), ((PrometheusRange.Samples) PrometheusRange.interpret(200, none, "q")).values());
    PrometheusRange.Failed failed =
        assertInstanceOf(PrometheusRange.Failed.class, PrometheusRange.interpret(200, two, "q"));
    assertTrue(failed.reason().contains("2 series where one was expected"), failed.reason());
  }

  @Test
  void aRefusedQueryKeepsPrometheusReason() {
    String body =
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}";

    PrometheusRange.Failed failed =
        assertInstanceOf(PrometheusRange.Failed.class, PrometheusRange.interpret(400, body, "q"));

    assertTrue(failed.reason().contains("exceeded maximum resolution"), failed.reason());
  }
}

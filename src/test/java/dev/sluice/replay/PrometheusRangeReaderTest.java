package dev.sluice.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers of {@code /api/v1/query_range} as a replay reads them. */
class PrometheusRangeReaderTest {

  @Test
  void aMatrixOfOneSeriesIsItsValuesByTime() {
    String body =
        """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{},"values":[[1764770400,"1200"],[1764770460.5,"1188.75"]]}]}}""";

    RangeReader.Answer answer = PrometheusRangeReader.interpret(200, body, "sum(increase(x[60s]))");

    RangeReader.Points points = assertInstanceOf(RangeReader.Points.class, answer);
    assertEquals(
        Map.of(
            Instant.ofEpochSecond(1764770400), 1200.0,
            Instant.ofEpochMilli(1764770460500L), 1188.75),
        points.values());
  }

  @Test
  void noSeriesIsNoValuesAndSeveralAreRefused() {
    String none = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    String two =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"a\":\"1\"},\"values\":[]},{\"metric\":{\"a\":\"2\"},\"values\":[]}]}}";

    assertEquals(
        Map.of(), ((RangeReader.Points) PrometheusRangeReader.interpret(200, none, "q")).values());
    RangeReader.Failed failed =
        assertInstanceOf(RangeReader.Failed.class, PrometheusRangeReader.interpret(200, two, "q"));
    assertTrue(failed.reason().contains("2 series where one was expected"), failed.reason());
  }

  @Test
  void aRefusedQueryKeepsPrometheusReason() {
    String body =
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}";

    RangeReader.Failed failed =
        assertInstanceOf(RangeReader.Failed.class, PrometheusRangeReader.interpret(400, body, "q"));

    assertTrue(
        failed.reason().contains("HTTP 400: bad_data: exceeded maximum resolution"),
        failed.reason());
  }
}

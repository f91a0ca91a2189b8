package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.metricprovider.RangeResult;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Range answers read as the judge's history and {@code analyze -f}'s replay need them (a refused
 * query's reason is {@code PrometheusRangeIT.aRejectedRangeQuerySaysWhy}).
 */
class PrometheusMatrixTest {

  @Test
  void aMatrixOfOneSeriesIsItsValuesByTime() {
    String body =
        """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{},"values":[[1764770400,"1200"],[1764770460.5,"1188.75"]]}]}}""";

    RangeResult answer = PrometheusMatrix.interpret(body, "sum(increase(x[60s]))");

    RangeResult.Points points = assertInstanceOf(RangeResult.Points.class, answer);
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

    assertEquals(Map.of(), ((RangeResult.Points) PrometheusMatrix.interpret(none, "q")).values());
    RangeResult.Failed failed =
        assertInstanceOf(RangeResult.Failed.class, PrometheusMatrix.interpret(two, "q"));
    assertTrue(failed.reason().contains("2 series"), failed.reason());
  }
}

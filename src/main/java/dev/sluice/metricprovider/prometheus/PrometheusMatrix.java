package dev.sluice.metricprovider.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.metricprovider.RangeResult;
import dev.sluice.query.QueryResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a successful {@code query_range} answer: a matrix of one series (none for no data), each
 * value {@code [<unix time>, "<value>"]}; NaN and ±Inf steps are left out, as no data.
 */
final class PrometheusMatrix {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PrometheusMatrix() {}

  static RangeResult interpret(String body, String query) {
    JsonNode json;
    try {
      json = body == null ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !"success".equals(json.path("status").asText())) {
      QueryResult failed = PrometheusResponse.interpret(200, body, query);
      return new RangeResult.Failed(
          failed instanceof QueryResult.Failed f ? f.reason() : "Prometheus answered no matrix");
    }
    JsonNode data = json.path("data");
    if (!"matrix".equals(data.path("resultType").asText())) {
      return new RangeResult.Failed(
          "Prometheus answered a range query with "
              + data.path("resultType").asText("nothing")
              + ", not a matrix (query: "
              + PrometheusResponse.shortQuery(query)
              + ")");
    }
    JsonNode result = data.path("result");
    if (!result.isArray() || result.isEmpty()) {
      return new RangeResult.Points(new TreeMap<>());
    }
    if (result.size() > 1) {
      return new RangeResult.Failed(
          "range query returned "
              + result.size()
              + " series, expected one: aggregate it, e.g. with sum() (query: "
              + PrometheusResponse.shortQuery(query)
              + ")");
    }
    SortedMap<Instant, Double> values = new TreeMap<>();
    for (JsonNode sample : result.get(0).path("values")) {
      if (!sample.isArray() || sample.size() != 2) {
        return new RangeResult.Failed("Prometheus answered a malformed sample in a range");
      }
      double value;
      try {
        value = Double.parseDouble(sample.get(1).asText());
      } catch (NumberFormatException e) {
        continue; // +Inf, -Inf: no usable count
      }
      if (Double.isFinite(value)) {
        BigDecimal seconds = sample.get(0).decimalValue();
        values.put(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()), value);
      }
    }
    return new RangeResult.Points(values);
  }
}

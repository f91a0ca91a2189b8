package dev.sluice.metricprovider.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer of a range query ({@code GET /api/v1/query_range}) of one series: its samples by time,
 * or why there are none to read. Tools replay past data with it; the controller's checks use
 * instant queries.
 */
public sealed interface PrometheusRange {

  /**
   * The samples of the query's one series; empty when it matched none (no traffic), times without a
   * sample are missing.
   */
  record Samples(SortedMap<Instant, Double> values) implements PrometheusRange {
    public Samples {
      values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
  }

  /** The query could not be answered, with a reason a person can act on. */
  record Failed(String reason) implements PrometheusRange {}

  /** Reads a successful answer's body; a matrix of more than one series is refused. */
  static PrometheusRange interpret(int status, String body, String query) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(body);
    } catch (Exception e) {
      json = null;
    }
    if (status < 200
        || status >= 300
        || json == null
        || !"success".equals(json.path("status").asText())) {
      // the instant query's reasons for a refusal or a failure apply as they are
      dev.sluice.query.QueryResult failed = PrometheusResponse.interpret(status, body, query);
      return new Failed(
          failed instanceof dev.sluice.query.QueryResult.Failed f
              ? f.reason()
              : "Prometheus answered HTTP " + status);
    }
    JsonNode data = json.path("data");
    if (!"matrix".equals(data.path("resultType").asText())) {
      return new Failed(
          "a range query answered " + data.path("resultType").asText("nothing") + ", not a matrix");
    }
    JsonNode result = data.path("result");
    if (result.size() > 1) {
      return new Failed(
          "query returned "
              + result.size()
              + " series where one was expected: aggregate it, e.g. sum(...) (query: "
              + PrometheusResponse.shortQuery(query)
              + ")");
    }
    SortedMap<Instant, Double> values = new TreeMap<>();
    if (result.size() == 1) {
      for (JsonNode sample : result.get(0).path("values")) {
        double seconds = sample.path(0).asDouble();
        long millis = Math.round(seconds * 1000);
        values.put(Instant.ofEpochMilli(millis), Double.parseDouble(sample.path(1).asText("NaN")));
      }
    }
    return new Samples(values);
  }
}

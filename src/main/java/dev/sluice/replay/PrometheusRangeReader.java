package dev.sluice.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.metricprovider.prometheus.PrometheusEndpoint;
import dev.sluice.outbound.BoundedAnswer;
import dev.sluice.outbound.BoundedRequest;
import dev.sluice.outbound.Bounds;
import dev.sluice.outbound.HttpClients;
import dev.sluice.outbound.MaskedUrl;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * Range queries against a Prometheus HTTP API ({@code GET /api/v1/query_range}) for a replay: one
 * attempt each, under a total deadline and a cap on the answer's bytes ({@code
 * sluice.prometheus.timeout}, {@code sluice.prometheus.max-answer-bytes}) through the bounded
 * client every outgoing call uses. No breaker or bulkhead: those guard the controller's ticks, and
 * a replay is one person's command that stops at the first failure.
 */
final class PrometheusRangeReader implements RangeReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClients http;
  private final PrometheusEndpoint endpoint;
  private final Bounds bounds;

  PrometheusRangeReader(HttpClients http, PrometheusEndpoint endpoint, Bounds bounds) {
    this.http = http;
    this.endpoint = endpoint;
    this.bounds = bounds;
  }

  @Override
  public Answer read(String promql, Instant start, Instant end, Duration step) {
    String address = endpoint.address().strip().replaceAll("/+$", "");
    if (!address.matches("https?://[^/]+.*")) {
      return new Failed(
          "invalid Prometheus address '"
              + endpoint.shownAddress()
              + "': expected http(s)://host[:port]");
    }
    BoundedRequest request =
        BoundedRequest.get(address + "/api/v1/query_range", bounds)
            .queryParam("query", promql)
            .queryParam("start", seconds(start.toEpochMilli()))
            .queryParam("end", seconds(end.toEpochMilli()))
            .queryParam("step", seconds(step.toMillis()));
    try {
      BoundedAnswer answer = http.client(endpoint.insecureSkipVerify()).call(request);
      return interpret(answer.status(), answer.bodyAsString(), promql);
    } catch (ExecutionException e) {
      String why = e.getCause() == null ? e.toString() : String.valueOf(e.getCause().getMessage());
      String reason = "Prometheus at " + endpoint.shownAddress() + ": " + why;
      return new Failed(
          MaskedUrl.parse(endpoint.address()).map(m -> m.scrub(reason)).orElse(reason));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed("interrupted");
    }
  }

  /** Reads an answer: the one series of a matrix; Prometheus' own error when it refused. */
  static Answer interpret(int status, String body, String promql) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !"success".equals(json.path("status").asText())) {
      boolean prometheusError = json != null && json.path("error").isTextual();
      return new Failed(
          "Prometheus answered HTTP "
              + status
              + (prometheusError
                  ? ": " + json.path("errorType").asText() + ": " + json.path("error").asText()
                  : "")
              + " (query: "
              + shortened(promql)
              + ")");
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
              + shortened(promql)
              + ")");
    }
    SortedMap<Instant, Double> values = new TreeMap<>();
    if (result.size() == 1) {
      for (JsonNode sample : result.get(0).path("values")) {
        long millis = Math.round(sample.path(0).asDouble() * 1000);
        values.put(Instant.ofEpochMilli(millis), Double.parseDouble(sample.path(1).asText("NaN")));
      }
    }
    return new Points(values);
  }

  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private static String shortened(String promql) {
    return promql.length() <= 200 ? promql : promql.substring(0, 200) + "...";
  }
}

package dev.sluice.metricprovider.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.query.QueryResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interprets the answer of Prometheus' instant-query API ({@code GET /api/v1/query}) as a {@link
 * QueryResult}. Pure: no I/O, so every reason can be checked without a server.
 *
 * <p>A check needs exactly one number: a scalar, or an instant vector with exactly one finite
 * sample. Everything else gets a reason of its own, so that a user reading status knows whether to
 * fix the query, the labels, the traffic or Prometheus.
 */
final class PrometheusResponse {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUERY_CHARS = 200;
  private static final int MAX_BODY_CHARS = 300;
  private static final int MAX_SERIES_SHOWN = 3;
  private static final int MAX_LABELS_CHARS = 120;

  /** Prometheus' {@code errorType}s (its HTTP API's {@code errorType} values). */
  private static final Set<String> ERROR_TYPES =
      Set.of(
          "bad_data",
          "execution",
          "timeout",
          "canceled",
          "internal",
          "unavailable",
          "not_found",
          "not_acceptable");

  private PrometheusResponse() {}

  /**
   * @param status the HTTP status code
   * @param body the response body, possibly empty or not JSON
   * @param query the PromQL that was sent, quoted in reasons
   */
  static QueryResult interpret(int status, String body, String query) {
    JsonNode json = parse(body);
    if (status >= 200 && status < 300) {
      if (json == null) {
        return new QueryResult.Failed(
            "Prometheus answered HTTP " + status + " with a body that is not JSON" + unshown(body));
      }
      if ("success".equals(json.path("status").asText())) {
        return interpretData(json, query);
      }
    }
    boolean prometheusError = isPrometheusError(json);
    if (status >= 400 && status < 500 && prometheusError) {
      return new QueryResult.Failed(
          "Prometheus rejected the query: "
              + errorText(json)
              + " (query: "
              + shortQuery(query)
              + ")");
    }
    return new QueryResult.Failed(
        "Prometheus answered HTTP "
            + status
            + (prometheusError ? ": " + errorText(json) : unshown(body)));
  }

  /**
   * Prometheus' own error object ({@code "status":"error"} with one of its error types): its text
   * is Prometheus' word on the query, which a user needs. Any other answer (an in-cluster service a
   * template was pointed at) is not shown, only its length: it could be anything that service
   * holds.
   */
  private static boolean isPrometheusError(JsonNode json) {
    return json != null
        && "error".equals(json.path("status").asText())
        && ERROR_TYPES.contains(json.path("errorType").asText())
        && json.path("error").isTextual();
  }

  private static String unshown(String body) {
    int length = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
    return length == 0 ? "" : " (an answer of " + length + " bytes, not shown)";
  }

  /** 5xx: Prometheus itself is unwell, which counts against its circuit breaker. */
  static boolean isServerFailure(int status) {
    return status >= 500;
  }

  /** Gateway and overload answers that are worth another attempt; a 500 or 4xx will not change. */
  static boolean isTransient(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  private static QueryResult interpretData(JsonNode json, String query) {
    JsonNode data = json.path("data");
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    return switch (type) {
      case "scalar" -> sample(result, query);
      case "vector" -> vector(result, query);
      case "matrix" ->
          new QueryResult.Failed(
              "query returned a range vector (matrix), not a single value: use a function such as"
                  + " rate() or sum_over_time() around the [range] selector (query: "
                  + shortQuery(query)
                  + ")");
      case "string" ->
          new QueryResult.Failed(
              "query returned a string, not a number (query: " + shortQuery(query) + ")");
      default ->
          new QueryResult.Failed(
              "Prometheus answered an unknown result type"
                  + (type.matches("[a-z_]{1,20}") ? " '" + type + "'" : "")
                  + " (query: "
                  + shortQuery(query)
                  + ")");
    };
  }

  private static QueryResult vector(JsonNode result, String query) {
    if (!result.isArray() || result.isEmpty()) {
      // Flagger's words, kept so that people searching for them find this.
      return new QueryResult.NoData("no values found for query: " + shortQuery(query));
    }
    if (result.size() > 1) {
      return new QueryResult.Failed(
          "query returned "
              + result.size()
              + " series, expected exactly one: "
              + seriesList(result)
              + "; aggregate them, e.g. with sum() (query: "
              + shortQuery(query)
              + ")");
    }
    return sample(result.get(0).path("value"), query);
  }

  /**
   * A sample is {@code [<unix time>, "<value>"]}; the value is a string so NaN and ±Inf survive.
   */
  private static QueryResult sample(JsonNode sample, String query) {
    if (!sample.isArray() || sample.size() != 2) {
      return new QueryResult.Failed(
          "Prometheus answered a malformed sample: " + cut(sample.toString()));
    }
    String text = sample.get(1).asText();
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      // Prometheus writes +Inf, -Inf and NaN, which parseDouble only partly accepts.
      value =
          switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
          };
      if (Double.isNaN(value) && !"NaN".equals(text)) {
        return new QueryResult.Failed(
            "Prometheus answered a sample that is not a number: " + cut(text));
      }
    }
    if (Double.isNaN(value)) {
      return new QueryResult.NoData("query returned NaN (query: " + shortQuery(query) + ")");
    }
    if (Double.isInfinite(value)) {
      return new QueryResult.NoData(
          "query returned "
              + (value > 0 ? "+Inf" : "-Inf")
              + " (query: "
              + shortQuery(query)
              + ")");
    }
    return new QueryResult.Value(value);
  }

  private static String seriesList(JsonNode result) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(result.size(), MAX_SERIES_SHOWN); i++) {
      shown.add(labels(result.get(i).path("metric")));
    }
    String more = result.size() > MAX_SERIES_SHOWN ? ", ..." : "";
    return String.join(", ", shown) + more;
  }

  private static String labels(JsonNode metric) {
    List<String> pairs = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      pairs.add(label.getKey() + "=\"" + label.getValue().asText() + "\"");
    }
    String set = "{" + String.join(",", pairs) + "}";
    return set.length() > MAX_LABELS_CHARS ? set.substring(0, MAX_LABELS_CHARS) + "...}" : set;
  }

  private static String errorText(JsonNode json) {
    String type = json.path("errorType").asText("");
    String error = json.path("error").asText("(no error text)");
    return type.isEmpty() ? error : type + ": " + error;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Queries are often multi-line templates: one line, and not too long, in a reason. */
  static String shortQuery(String query) {
    String oneLine = query == null ? "" : query.strip().replaceAll("\\s+", " ");
    return oneLine.length() > MAX_QUERY_CHARS
        ? oneLine.substring(0, MAX_QUERY_CHARS) + "..."
        : oneLine;
  }

  private static String cut(String text) {
    String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return oneLine.length() > MAX_BODY_CHARS
        ? oneLine.substring(0, MAX_BODY_CHARS) + "..."
        : oneLine;
  }
}

package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.query.QueryResult;
import org.junit.jupiter.api.Test;

class PrometheusResponseTest {
  private static final String QUERY = "sum(rate(istio_requests_total[1m]))";

  private static String vector(String... samples) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", samples)
        + "]}}";
  }

  private static String sample(String labels, String value) {
    return "{\"metric\":{" + labels + "},\"value\":[1700000000.123,\"" + value + "\"]}";
  }

  private static QueryResult ok(String body) {
    return PrometheusResponse.interpret(200, body, QUERY);
  }

  private static String noData(QueryResult result) {
    return assertInstanceOf(QueryResult.NoData.class, result).reason();
  }

  private static String failed(QueryResult result) {
    return assertInstanceOf(QueryResult.Failed.class, result).reason();
  }

  private static void assertStartsWith(String prefix, String actual) {
    assertTrue(
        actual.startsWith(prefix),
        () -> "expected to start with <" + prefix + "> but was <" + actual + ">");
  }

  private static void assertContains(String part, String actual) {
    assertTrue(
        actual.contains(part), () -> "expected to contain <" + part + "> but was <" + actual + ">");
  }

  @Test
  void oneSampleIsItsValue() {
    assertEquals(new QueryResult.Value(99.5), ok(vector(sample("", "99.5"))));
  }

  @Test
  void scalarIsItsValue() {
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"2\"]}}";
    assertEquals(new QueryResult.Value(2), ok(body));
  }

  @Test
  void emptyVectorIsNoDataInFlaggersWordsWithTheQuery() {
    assertEquals("no values found for query: " + QUERY, noData(ok(vector())));
  }

  @Test
  void nanIsNoData() {
    assertEquals(
        "query returned NaN (query: " + QUERY + ")", noData(ok(vector(sample("", "NaN")))));
  }

  @Test
  void infinitiesAreNoDataNamingTheSign() {
    assertStartsWith("query returned +Inf", noData(ok(vector(sample("", "+Inf")))));
    assertStartsWith("query returned -Inf", noData(ok(vector(sample("", "-Inf")))));
  }

  @Test
  void severalSeriesFailNamingHowManyAndTheirLabels() {
    String reason =
        failed(
            ok(
                vector(
                    sample("\"pod\":\"a\"", "1"),
                    sample("\"pod\":\"b\"", "2"),
                    sample("\"pod\":\"c\"", "3"),
                    sample("\"pod\":\"d\"", "4"))));
    assertStartsWith("query returned 4 series, expected exactly one: ", reason);
    assertContains("{pod=\"a\"}, {pod=\"b\"}, {pod=\"c\"}, ...", reason);
    assertFalse(reason.contains("pod=\"d\""), reason);
  }

  @Test
  void longLabelSetsAreShortened() {
    String many = "\"a\":\"" + "x".repeat(300) + "\"";
    String reason = failed(ok(vector(sample(many, "1"), sample(many, "2"))));
    assertContains("...}", reason);
    assertTrue(reason.length() < 600, reason);
  }

  @Test
  void matrixFailsSayingRangeVector() {
    String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
    assertStartsWith("query returned a range vector (matrix)", failed(ok(body)));
  }

  @Test
  void stringFails() {
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}";
    assertStartsWith("query returned a string", failed(ok(body)));
  }

  @Test
  void sampleThatIsNotANumberFails() {
    assertStartsWith(
        "Prometheus answered a sample that is not a number", failed(ok(vector(sample("", "abc")))));
  }

  @Test
  void badDataQuotesPrometheusErrorText() {
    String body =
        "{\"status\":\"error\",\"errorType\":\"bad_data\","
            + "\"error\":\"1:5: parse error: unclosed left parenthesis\"}";
    assertEquals(
        "Prometheus rejected the query: bad_data: 1:5: parse error: unclosed left parenthesis"
            + " (query: "
            + QUERY
            + ")",
        failed(PrometheusResponse.interpret(400, body, QUERY)));
  }

  @Test
  void executionErrorIsARejectionToo() {
    String body =
        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}";
    assertStartsWith(
        "Prometheus rejected the query: execution: many-to-many",
        failed(PrometheusResponse.interpret(422, body, QUERY)));
  }

  @Test
  void serverErrorsNameTheStatusAndOnlyPrometheusOwnErrorText() {
    assertEquals(
        "Prometheus answered HTTP 500 (an answer of 4 bytes, not shown)",
        failed(PrometheusResponse.interpret(500, "boom", QUERY)));
    String timeout =
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}";
    assertEquals(
        "Prometheus answered HTTP 503: timeout: query timed out",
        failed(PrometheusResponse.interpret(503, timeout, QUERY)));
  }

  @Test
  void authErrorWithoutJsonNamesTheStatus() {
    assertEquals(
        "Prometheus answered HTTP 401", failed(PrometheusResponse.interpret(401, "", QUERY)));
  }

  @Test
  void bodyThatIsNotJsonFailsWithoutEchoingIt() {
    assertEquals(
        "Prometheus answered HTTP 200 with a body that is not JSON"
            + " (an answer of 18 bytes, not shown)",
        failed(ok("<html>login</html>")));
  }

  @Test
  void jsonThatIsNotAPrometheusErrorIsNotEchoed() {
    // an in-cluster service a tenant pointed the template at: its answer must not reach status
    String internal = "{\"error\":\"db password is hunter2\",\"status\":\"down\"}";
    String unknownType =
        "{\"status\":\"error\",\"errorType\":\"vault\",\"error\":\"token s.hunter2\"}";

    for (int status : new int[] {200, 400, 404, 500}) {
      for (String body : new String[] {internal, unknownType}) {
        String reason = failed(PrometheusResponse.interpret(status, body, QUERY));
        assertFalse(reason.contains("hunter2"), reason);
        assertTrue(reason.contains("not shown"), reason);
      }
    }
  }

  @Test
  void onlyGatewayAndOverloadAnswersAreTransient() {
    assertTrue(PrometheusResponse.isTransient(502));
    assertTrue(PrometheusResponse.isTransient(503));
    assertTrue(PrometheusResponse.isTransient(504));
    assertFalse(PrometheusResponse.isTransient(500));
    assertFalse(PrometheusResponse.isTransient(400));
    assertTrue(PrometheusResponse.isServerFailure(500));
    assertFalse(PrometheusResponse.isServerFailure(422));
  }

  @Test
  void multiLineQueriesAreQuotedOnOneLine() {
    assertEquals(
        "no values found for query: sum( rate(x[1m]) )",
        noData(PrometheusResponse.interpret(200, vector(), "sum(\n  rate(x[1m])\n)\n")));
  }
}

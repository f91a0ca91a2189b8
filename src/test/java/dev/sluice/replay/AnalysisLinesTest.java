package dev.sluice.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze --stdin} line by line: Flagger's rule reproduced from counts by the controller's
 * state machine, the judge rolling a broken canary back, and bad lines answered without stopping.
 */
class AnalysisLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Flagger's tutorial analysis: 1m, threshold 5, stepWeight 5 up to 50, success rate >= 99. */
  static final String FLAGGER =
      "{\"interval\":\"1m\",\"threshold\":5,\"stepWeight\":5,\"maxWeight\":50,"
          + "\"metrics\":[{\"name\":\"request-success-rate\",\"thresholdRange\":{\"min\":99},\"interval\":\"1m\"}]}";

  static final String JUDGE =
      "{\"interval\":\"1m\",\"threshold\":5,\"stepWeight\":5,\"maxWeight\":50,\"judge\":{}}";

  private final AnalysisLines lines = new AnalysisLines();

  private JsonNode send(String line) throws Exception {
    return JSON.readTree(lines.accept(line).orElseThrow());
  }

  private static String start(String run, String analysis) {
    return "{\"run\":\"" + run + "\",\"analysis\":" + analysis + "}";
  }

  private static String interval(String run, int n, int weight, long req, long err) {
    return interval(run, n, weight, req, err, req * 19, req * 19 / 1000);
  }

  private static String interval(
      String run, int n, int weight, long req, long err, long primaryReq, long primaryErr) {
    return String.format(
        "{\"run\":\"%s\",\"interval\":%d,\"weight\":%d,\"canary\":{\"requests\":%d,\"errors\":%d,\"slow\":0},"
            + "\"primary\":{\"requests\":%d,\"errors\":%d,\"slow\":0}}",
        run, n, weight, req, err, primaryReq, primaryErr);
  }

  /** Sends one interval at the run's weight with the canary's success rate as given. */
  private JsonNode step(String run, int n, int weight, boolean healthy) throws Exception {
    return send(interval(run, n, weight, 1000, healthy ? 5 : 20));
  }

  @Test
  void aHealthyRunAdvancesByStepWeightAndPromotesAfterMaxWeight() throws Exception {
    // given Flagger's tutorial analysis
    assertTrue(lines.accept(start("r1", FLAGGER)).isEmpty());

    // when every interval's success rate is 99.5 %
    List<String> decisions = new ArrayList<>();
    int weight = 5;
    for (int n = 1; n <= 10; n++) {
      JsonNode out = step("r1", n, weight, true);
      assertEquals("r1", out.get("run").asText());
      assertEquals(n, out.get("interval").asInt());
      decisions.add(out.get("decision").asText() + "@" + out.get("weight").asInt());
      weight = out.get("weight").asInt();
    }

    // then the weight goes 10..50 one step per interval, and the check at 50 promotes
    assertEquals(
        List.of(
            "advance@10",
            "advance@15",
            "advance@20",
            "advance@25",
            "advance@30",
            "advance@35",
            "advance@40",
            "advance@45",
            "advance@50",
            "promote@50"),
        decisions);
  }

  @Test
  void aFailedCheckHoldsTheWeightAndTheFifthRollsBack() throws Exception {
    // given Flagger's tutorial analysis, at weight 10 after one passed interval
    lines.accept(start("r1", FLAGGER));
    assertEquals("advance", step("r1", 1, 5, true).get("decision").asText());

    // when the success rate falls to 98 % (20 errors of 1000)
    JsonNode held = step("r1", 2, 10, false);

    // then the weight holds, and the reason is the metric's verdict
    assertEquals("hold", held.get("decision").asText());
    assertEquals(10, held.get("weight").asInt());
    assertTrue(
        held.get("reason").asText().contains("request-success-rate 98 < 99"), held.toString());

    // and a passing interval advances again; failed checks are not forgiven (as in Flagger)
    assertEquals("advance", step("r1", 3, 10, true).get("decision").asText());
    assertEquals("hold", step("r1", 4, 15, false).get("decision").asText());
    assertEquals("hold", step("r1", 5, 15, false).get("decision").asText());
    assertEquals("hold", step("r1", 6, 15, false).get("decision").asText());
    JsonNode fifth = step("r1", 7, 15, false);
    assertEquals("rollback", fifth.get("decision").asText());
    assertEquals(0, fifth.get("weight").asInt());
    assertTrue(fifth.get("reason").asText().contains("threshold reached 5/5"), fifth.toString());

    // and the run takes no more intervals
    JsonNode after = send(interval("r1", 8, 0, 1000, 0));
    assertTrue(after.get("error").asText().contains("has ended"), after.toString());
    assertEquals(9, after.get("line").asInt());
  }

  @Test
  void noRequestsToTheCanaryIsNoDataAndFailsTheCheckUnlessTheMetricSaysOtherwise()
      throws Exception {
    // given Flagger's analysis, and the same with noData: hold
    lines.accept(start("fail", FLAGGER));
    lines.accept(
        start(
            "hold",
            FLAGGER.replace("\"interval\":\"1m\"}]", "\"interval\":\"1m\",\"noData\":\"hold\"}]")));

    // when the canary serves nothing in an interval
    JsonNode fail = send(interval("fail", 1, 5, 0, 0));
    JsonNode hold = send(interval("hold", 1, 5, 0, 0));

    // then both hold the weight; only the first counts a failed check
    assertEquals("hold", fail.get("decision").asText());
    assertTrue(fail.get("reason").asText().contains("1/5 failed checks"), fail.toString());
    assertEquals("hold", hold.get("decision").asText());
    assertTrue(hold.get("reason").asText().contains("noData: hold"), hold.toString());
  }

  @Test
  void theJudgeRollsBackABrokenCanaryAtOnceWhereFlaggersRuleHasNoCheck() throws Exception {
    // given the judge alone, with the primary's history at 0.1 % errors, and the same run without
    // it
    StringBuilder history = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      history.append(i == 0 ? "" : ",").append("{\"requests\":12000,\"errors\":12,\"slow\":0}");
    }
    history.append("]");
    lines.accept("{\"run\":\"judged\",\"analysis\":" + JUDGE + ",\"history\":" + history + "}");

    // when the canary fails 5 % of its requests, interval after interval
    JsonNode out = null;
    int weight = 5;
    int n = 0;
    while (n < 10) {
      n++;
      long canary = 12000L * weight / 100;
      out =
          send(
              interval(
                  "judged",
                  n,
                  weight,
                  canary,
                  canary / 20,
                  12000 - canary,
                  (12000 - canary) / 1000));
      if (!out.get("decision").asText().equals("advance")) {
        break;
      }
      weight = out.get("weight").asInt();
    }

    // then the judge rolls it back within a few intervals, with its evidence as the reason
    assertEquals("rollback", out.get("decision").asText(), out.toString());
    assertTrue(n <= 3, "rolled back at interval " + n);
    assertTrue(out.get("reason").asText().contains("judge errors"), out.toString());
    assertEquals(0, out.get("weight").asInt());
  }

  @Test
  void theLatencySignalJudgesSlowRequestsFromTheSlowCounts() throws Exception {
    // given a judge of latency alone, its history 1 % slow
    StringBuilder history = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      history.append(i == 0 ? "" : ",").append("{\"requests\":12000,\"errors\":0,\"slow\":120}");
    }
    history.append("]");
    String latency =
        "{\"stepWeight\":5,\"maxWeight\":50,\"judge\":{\"signals\":[{\"name\":\"latency\",\"slowerThan\":\"500ms\"}]}}";
    lines.accept("{\"run\":\"slow\",\"analysis\":" + latency + ",\"history\":" + history + "}");

    // when the canary answers a fifth of its requests slowly, without an error
    String line =
        "{\"run\":\"slow\",\"interval\":1,\"weight\":5,\"canary\":{\"requests\":600,\"errors\":0,\"slow\":120},"
            + "\"primary\":{\"requests\":11400,\"errors\":0,\"slow\":114}}";
    JsonNode out = send(line);

    // then the judge's latency signal rolls it back
    assertEquals("rollback", out.get("decision").asText(), out.toString());
    assertTrue(out.get("reason").asText().contains("judge latency"), out.toString());
  }

  @Test
  void badLinesAreAnsweredWithTheirLineNumberAndTheRunsGoOn() throws Exception {
    // given a started run
    lines.accept(start("r1", FLAGGER));

    // when lines of every kind of wrong arrive
    JsonNode notJson = send("{\"run\": \"r1\", ");
    JsonNode noRun = send("{\"interval\": 1}");
    JsonNode unknown = send(interval("r9", 1, 5, 10, 0));
    JsonNode otherMetric =
        send(
            start(
                "r2",
                "{\"stepWeight\":5,\"metrics\":[{\"name\":\"request-duration\",\"thresholdRange\":{\"max\":500}}]}"));
    JsonNode tooManyErrors = send(interval("r1", 1, 5, 10, 11));
    JsonNode wrongWeight = send(interval("r1", 1, 20, 10, 0));
    JsonNode skipped = send(interval("r1", 3, 5, 10, 0));
    JsonNode unknownField = send(start("r3", "{\"stepWeight\":5,\"stepWieght\":5}"));
    JsonNode twice = send(start("r1", FLAGGER));
    JsonNode huge =
        send("{\"run\":\"r1\",\"interval\":1,\"canary\":{\"requests\":99999999999999999999}}");

    // then each is an error naming its line, and the run still takes its next interval
    assertEquals(2, notJson.get("line").asInt());
    assertTrue(notJson.get("error").asText().startsWith("not JSON"), notJson.toString());
    assertTrue(noRun.get("error").asText().contains("\"run\" is missing"), noRun.toString());
    assertTrue(unknown.get("error").asText().contains("was not started"), unknown.toString());
    assertTrue(
        otherMetric.get("error").asText().contains("metric request-duration cannot be computed"),
        otherMetric.toString());
    assertEquals("r2", otherMetric.get("run").asText());
    assertTrue(
        tooManyErrors.get("error").asText().contains("11 errors of 10"), tooManyErrors.toString());
    assertTrue(wrongWeight.get("error").asText().contains("at weight 5"), wrongWeight.toString());
    assertTrue(skipped.get("error").asText().contains("expects 1"), skipped.toString());
    assertTrue(unknownField.get("error").asText().contains("stepWieght"), unknownField.toString());
    assertTrue(twice.get("error").asText().contains("started before"), twice.toString());
    assertEquals(10, twice.get("line").asInt());
    assertTrue(
        huge.get("error").asText().contains("canary.requests must be a whole number"),
        huge.toString());
    assertEquals("advance", step("r1", 1, 5, true).get("decision").asText());
  }

  @Test
  void interleavedRunsKeepTheirOwnStateThroughTheStreamEntryPoint() throws Exception {
    // given two runs whose lines interleave on one stream
    String input =
        String.join(
            "\n",
            start("a", FLAGGER),
            start("b", FLAGGER),
            interval("a", 1, 5, 1000, 0),
            interval("b", 1, 5, 1000, 50),
            interval("a", 2, 10, 1000, 0),
            interval("b", 2, 5, 1000, 0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    // when the stream is read to its end
    lines.run(
        new BufferedReader(new StringReader(input)),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    // then one answer per interval, each run at its own weight
    List<String> answers = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, answers.size());
    List<String> decided = new ArrayList<>();
    for (String answer : answers) {
      JsonNode out = JSON.readTree(answer);
      decided.add(
          out.get("run").asText()
              + ":"
              + out.get("decision").asText()
              + "@"
              + out.get("weight").asInt());
    }
    assertEquals(List.of("a:advance@10", "b:hold@5", "a:advance@15", "b:advance@10"), decided);
  }
}

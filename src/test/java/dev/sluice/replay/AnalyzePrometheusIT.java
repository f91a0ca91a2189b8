package dev.sluice.replay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice analyze -f CANARY --prometheus URL --from --to} against a real Prometheus holding
 * hours-old Istio series, written with {@code promtool tsdb create-blocks-from openmetrics} (past
 * data cannot be scraped): an hour of the primary alone at 0.1 % errors, then a run where the
 * canary takes 10 % of the traffic at 1 % errors. Flagger's rule (success rate >= 99) would promote
 * that canary; the judge rolls it back.
 *
 * <p>Samples every 15 s, each minute's requests spread evenly over its four samples, so that {@code
 * increase(...[60s])} at a whole minute is that minute's count exactly (the window holds a sample
 * at each end, so nothing is extrapolated).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class AnalyzePrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "src/test/resources/canaries/podinfo-istio-judge.yaml";
  private static final String PROMETHEUS = "/usr/bin/prometheus";
  private static final String PROMTOOL = "/usr/bin/promtool";

  /** The run starts here: five hours ago, on a whole minute, well behind Prometheus' head block. */
  private static final Instant FROM =
      Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));

  private static final Instant TO = FROM.plus(Duration.ofMinutes(12));
  private static final Instant DATA_START = FROM.minus(Duration.ofMinutes(62));

  private static Path dir;
  private static Process prometheus;
  private static String address;

  @Inject AnalyzeCommand analyze;

  @BeforeAll
  static void startPrometheusOnPastData() throws Exception {
    dir = Files.createTempDirectory("sluice-analyze-");
    Path input = dir.resolve("series.om");
    Files.writeString(input, openMetrics());
    Path data = dir.resolve("data");
    Process promtool =
        new ProcessBuilder(
                PROMTOOL,
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                "-q",
                input.toString(),
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("promtool.log").toFile())
            .start();
    assertEquals(0, promtool.waitFor(), Files.readString(dir.resolve("promtool.log")));
    Files.writeString(
        dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\nscrape_configs: []\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    address = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                PROMETHEUS,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=30d",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(address + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  @AfterAll
  static void stop() throws IOException {
    if (prometheus != null) {
      prometheus.destroy();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theJudgeRollsBackACanaryAtOnePercentThatFlaggersRulePromotes() throws Exception {
    // given an hour of the primary at 0.1 % errors, then 12 minutes with the canary at 1 %

    // when the Canary's analysis is replayed over the run, for tools
    JsonNode report = JSON.readTree(run("-o", "json"));

    // then the judge's baseline is the primary's hour before the run, read per interval
    assertEquals(60, report.at("/history/intervals").asInt(), report.toString());
    assertEquals(720_000, report.at("/history/requests").asLong());
    assertEquals(720, report.at("/history/errors").asLong());

    // and each interval's counts are those the series hold, canary and primary apart
    JsonNode first = report.at("/intervals/0");
    assertEquals(1200, first.at("/canary/requests").asLong(), first.toString());
    assertEquals(12, first.at("/canary/errors").asLong());
    assertEquals(10800, first.at("/primary/requests").asLong());
    assertEquals(12, first.at("/primary/errors").asLong());

    // and the judge rolls back within three intervals, its evidence as the reason
    JsonNode judge = report.get("judge");
    assertEquals("rollback", judge.get("decision").asText(), judge.toString());
    assertTrue(judge.get("stoppedAt").asInt() <= 3, judge.toString());
    assertTrue(judge.get("reason").asText().contains("judge errors"), judge.toString());

    // and Flagger's rule sees 99 % every interval and promotes after weight 50 (ten steps)
    JsonNode flagger = report.get("flagger");
    assertEquals("promote", flagger.get("decision").asText(), flagger.toString());
    assertEquals(10, flagger.get("stoppedAt").asInt());
    for (int i = 0; i < 9; i++) {
      assertEquals("advance", report.at("/intervals/" + i + "/flagger/decision").asText());
    }

    // and the metric counts cannot say is named as left out
    assertTrue(
        report.get("notes").toString().contains("request-duration left out"), report.toString());
  }

  @Test
  void theTableShowsEachIntervalAndWhereEachRuleStopped() throws Exception {
    // when the same replay is printed for people
    String table = run();

    // then a row per interval up to the later stop, and one line per rule
    assertTrue(table.contains("1200/12"), table);
    assertTrue(table.contains("Sluice judge: rollback at interval"), table);
    assertTrue(table.contains("Flagger's rule: promote at interval 10"), table);
    assertTrue(table.contains("Copying podinfo.test template spec to podinfo-primary"), table);
    assertTrue(table.contains("60 intervals, 720000 requests, 720 errors"), table);
  }

  @Test
  void anUnreachablePrometheusIsAReasonNotAStackTrace() throws Exception {
    // given a port nothing listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    // when the replay asks it
    int exit =
        analyze.run(
            List.of(
                "-f",
                CANARY,
                "--prometheus",
                "http://127.0.0.1:" + port,
                "--from",
                FROM.toString(),
                "--to",
                TO.toString()),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    // then it exits 1 with the reason, and prints no report
    assertEquals(1, exit);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("Prometheus at http://127.0.0.1:" + port),
        err.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theStdinFormAnswersEachIntervalOnStandardOutput() {
    // given a run and one interval on standard input
    String input =
        "{\"run\":\"r1\",\"analysis\":{\"stepWeight\":10,\"maxWeight\":20}}\n"
            + "{\"run\":\"r1\",\"interval\":1,\"weight\":10,\"canary\":{\"requests\":5}}\n"
            + "not json\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // when analyze reads it
    int exit =
        analyze.run(
            List.of("--stdin"),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    // then one answer per interval line and one error for the bad line
    assertEquals(0, exit);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("\"decision\":\"advance\",\"weight\":20"), lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"line\":3,"), lines.get(1));
  }

  @Test
  void missingArgumentsAreNamedWithTheUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        analyze.run(
            List.of("-f", CANARY, "--from", FROM.toString(), "--to", TO.toString()),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--prometheus is required"));
  }

  private String run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-f",
                CANARY,
                "--prometheus",
                address,
                "--from",
                FROM.toString(),
                "--to",
                TO.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        analyze.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The series, one after the other, each sample every 15 s, in OpenMetrics with timestamps. */
  private static String openMetrics() {
    StringBuilder text = new StringBuilder("# TYPE istio_requests counter\n");
    // the primary: 12,000 a minute at 0.1 % errors before the run, 10,800 at 12 errors during it
    series(text, "podinfo-primary", "200", 11_988, 10_788);
    series(text, "podinfo-primary", "503", 12, 12);
    // the canary: nothing before the run, 1,200 a minute at 1 % errors during it
    series(text, "podinfo", "200", 0, 1_188);
    series(text, "podinfo", "500", 0, 12);
    // what the queries must leave out: the source reporter, and another namespace's podinfo
    series(text, "podinfo", "500", 0, 400, "source", "test");
    series(text, "podinfo", "500", 0, 400, "destination", "other");
    text.append("# EOF\n");
    return text.toString();
  }

  private static void series(
      StringBuilder text, String workload, String code, long before, long during) {
    series(text, workload, code, before, during, "destination", "test");
  }

  private static void series(
      StringBuilder text,
      String workload,
      String code,
      long before,
      long during,
      String reporter,
      String namespace) {
    String labels =
        String.format(
            "{reporter=\"%s\",destination_workload_namespace=\"%s\",destination_workload=\"%s\",response_code=\"%s\"}",
            reporter, namespace, workload, code);
    double value = 0;
    Instant end = TO.plus(Duration.ofMinutes(2));
    for (Instant t = DATA_START; !t.isAfter(end); t = t.plusSeconds(15)) {
      // a sample at a whole minute closes that minute: it belongs to the minute ending at it
      Instant minuteEnd =
          t.truncatedTo(ChronoUnit.MINUTES).equals(t)
              ? t
              : t.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
      if (t.isAfter(DATA_START)) {
        value += (minuteEnd.isAfter(FROM) ? during : before) / 4.0;
      }
      text.append("istio_requests_total")
          .append(labels)
          .append(' ')
          .append(value)
          .append(' ')
          .append(t.getEpochSecond())
          .append('\n');
    }
  }
}

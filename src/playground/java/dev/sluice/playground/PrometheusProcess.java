package dev.sluice.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.metricprovider.prometheus.PrometheusEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian package's {@code /usr/bin/prometheus}, installed by {@code .ci/run}
 * and by {@code bin/sluice playground}) on 127.0.0.1 at a free port, with a temporary TSDB,
 * scraping the given loopback targets every second. {@link #start} returns once Prometheus is ready
 * and has scraped every target once; {@link #close} stops it and deletes its directory.
 *
 * <p>{@code rate()} and {@code increase()} need at least two samples inside their window, else they
 * return nothing; the window should be four scrape intervals or more to survive a late scrape. With
 * a 1s scrape, use windows of 5s or more and call {@link #awaitSamples} after changing a target, so
 * that the window holds samples of the new values.
 */
public final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final String address;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Duration startup;

  private PrometheusProcess(Process process, Path dir, String address) {
    this.process = process;
    this.dir = dir;
    this.address = address;
  }

  /** Starts Prometheus scraping {@code /metrics} of each {@code 127.0.0.1:port}. */
  public static PrometheusProcess start(List<String> hostPorts) {
    String binary = ensureInstalled();
    Instant begin = Instant.now();
    Path dir;
    try {
      dir = Files.createTempDirectory("sluice-prometheus-");
      Files.writeString(dir.resolve("prometheus.yml"), config(hostPorts));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = ChildProcesses.freeLoopbackPort();
    Process process;
    try {
      process =
          new ProcessBuilder(
                  binary,
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--storage.tsdb.retention.time=1h",
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
    } catch (IOException e) {
      delete(dir);
      throw new UncheckedIOException("could not start " + binary, e);
    }
    PrometheusProcess prometheus = new PrometheusProcess(process, dir, "http://127.0.0.1:" + port);
    try {
      prometheus.awaitReady();
      for (String target : hostPorts) {
        prometheus.awaitValue("up{instance=\"" + target + "\"}", 1.0);
      }
    } catch (RuntimeException | AssertionError e) {
      String log = prometheus.log();
      prometheus.close();
      throw new IllegalStateException("Prometheus did not come up; its log:\n" + log, e);
    }
    prometheus.startup = Duration.between(begin, Instant.now());
    return prometheus;
  }

  /** {@code http://127.0.0.1:<port>}, the base of the HTTP API. */
  public String address() {
    return address;
  }

  /** This Prometheus, as a metric provider endpoint with the given per-query timeout. */
  public PrometheusEndpoint endpoint(Duration timeout) {
    return PrometheusEndpoint.of(address, timeout);
  }

  /** From {@link #start} to ready with every target scraped once. */
  public Duration startupTime() {
    return startup;
  }

  /**
   * Waits until every series matching the series selector {@code selector} (a metric name with
   * optional label matchers, no functions) has at least {@code count} samples scraped after this
   * call began, so that a following {@code rate(selector[5s])} sees the values set before the call.
   */
  public void awaitSamples(String selector, int count) {
    Instant since = Instant.now();
    waitUntil(
        Duration.ofSeconds(10 + 2L * count),
        Duration.ofMillis(200),
        () -> {
          long window = Math.max(1, Duration.between(since, Instant.now()).toMillis());
          JsonNode result = query("count_over_time(" + selector + "[" + window + "ms])");
          if (!result.isArray() || result.isEmpty()) {
            return false;
          }
          for (JsonNode series : result) {
            if (series.path("value").path(1).asDouble() < count) {
              return false;
            }
          }
          return true;
        });
  }

  /** Waits until {@code promql} answers exactly one series with {@code expected}. */
  public void awaitValue(String promql, double expected) {
    waitUntil(
        START_TIMEOUT,
        Duration.ofMillis(100),
        () -> {
          JsonNode result = query(promql);
          return result.isArray()
              && result.size() == 1
              && result.get(0).path("value").path(1).asDouble() == expected;
        });
  }

  /** The {@code data.result} of an instant query, for the harness's own waits. */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    URI uri =
        URI.create(
            address + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "query " + promql + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body()).path("data").path("result");
  }

  private void awaitReady() {
    waitUntil(
        START_TIMEOUT,
        Duration.ofMillis(100),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue());
          }
          return http.send(
                      HttpRequest.newBuilder(URI.create(address + "/-/ready"))
                          .timeout(Duration.ofSeconds(2))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200;
        });
  }

  /**
   * Polls {@code condition} until it holds; an exception from it counts as "not yet", except that
   * the last one is the cause when time runs out.
   */
  private static void waitUntil(
      Duration timeout, Duration poll, java.util.concurrent.Callable<Boolean> condition) {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (IllegalStateException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("Prometheus exited")) {
          throw e;
        }
        last = e;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
    }
    throw new IllegalStateException("Prometheus: condition not met within " + timeout, last);
  }

  private static String config(List<String> hostPorts) {
    String targets =
        hostPorts.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ", "[", "]"));
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: targets
            static_configs:
              - targets: %s
        """
        .formatted(targets);
  }

  /** The Prometheus binary: {@code $PROMETHEUS_BIN}, {@code /usr/bin/prometheus} or on PATH. */
  public static java.util.Optional<String> findBinary() {
    String configured = System.getenv("PROMETHEUS_BIN");
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Paths.get(configured))
          ? java.util.Optional.of(configured)
          : java.util.Optional.empty();
    }
    if (Files.isExecutable(Paths.get("/usr/bin/prometheus"))) {
      return java.util.Optional.of("/usr/bin/prometheus");
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "prometheus"))) {
          return java.util.Optional.of(Paths.get(dir, "prometheus").toString());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The install command a person runs when Prometheus is missing and we may not install it. */
  public static final String INSTALL_HINT =
      "sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus";

  /**
   * Finds Prometheus, installing the Debian package first when it is missing and this process may
   * (root, with apt-get), so that the tests and the playground set themselves up on a fresh Debian
   * machine.
   *
   * @throws IllegalStateException saying how to install it, when it is missing and cannot be
   */
  public static synchronized String ensureInstalled() {
    java.util.Optional<String> found = findBinary();
    if (found.isPresent()) {
      return found.get();
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root && Files.isExecutable(Paths.get("/usr/bin/apt-get"))) {
      try {
        Process install =
            new ProcessBuilder(
                    "sh",
                    "-c",
                    "apt-get update -qq && apt-get install -y -qq --no-install-recommends"
                        + " prometheus")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        install.getOutputStream().close();
        if (install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0) {
          java.util.Optional<String> installed = findBinary();
          if (installed.isPresent()) {
            return installed.get();
          }
        }
      } catch (IOException e) {
        // fall through to the hint
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new IllegalStateException(
        "Prometheus is not installed. Install it with\n  "
            + INSTALL_HINT
            + "\nor point PROMETHEUS_BIN at a prometheus binary.");
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
    delete(dir);
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is not worth failing a test for
    }
  }
}

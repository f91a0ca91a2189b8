package dev.sluice.playground;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.workload.DeploymentReadiness;
import dev.sluice.workload.Readiness;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightedRouterIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern REQUESTS =
      Pattern.compile(
          "istio_requests_total\\{reporter=\"destination\",destination_workload=\"([^\"]+)\","
              + "destination_workload_namespace=\"playground\",response_code=\"(\\d+)\"} (\\d+)");

  private MockCluster cluster;
  private Workloads workloads;
  private WeightedRouter router;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    // given: podinfo 2.0.0 failing half its requests, primary 1.0.0, Sluice's split at 80/20
    cluster = new MockCluster();
    cluster.createPodinfo();
    cluster.createVirtualService(80, 20);
    workloads = new Workloads(cluster.client, MockCluster.NAMESPACE);
    workloads.start();
    router = WeightedRouter.start(cluster.client, MockCluster.NAMESPACE, "podinfo", workloads);
    awaitReady("podinfo");
    awaitReady("podinfo-primary");
    await().atMost(WAIT).until(() -> router.splits().size() == 1);
  }

  @AfterEach
  void stop() {
    router.close();
    workloads.close();
    cluster.close();
  }

  @Test
  void requestsSplitByTheVirtualServiceWeightsAndShowInIstioMetrics() throws Exception {
    // when
    List<HttpResponse<String>> responses = send(2000);

    // then: the split is within tolerance and every response came from the app it was counted for
    SplitSample sample = router.splits().get(0);
    assertEquals(20, sample.canaryWeight());
    assertEquals(2000, sample.requests());
    assertEquals(List.of(), SplitSample.violations(router.splits(), 0.03));
    assertEquals(sample.canaryRequests(), count(responses, "2.0.0"));
    assertEquals(sample.primaryRequests(), count(responses, "1.0.0"));
    // and: the metrics count per workload, with 500s only from the canary's workload
    Map<String, Long> metrics = requestsByWorkloadAndCode();
    long canary500 = metrics.getOrDefault("podinfo/500", 0L);
    assertTrue(canary500 > 0, "the canary failed some requests: " + metrics);
    assertEquals(sample.canaryRequests(), metrics.getOrDefault("podinfo/200", 0L) + canary500);
    assertEquals(Map.of("podinfo-primary/200", sample.primaryRequests()), primaryOnly(metrics));
    assertEquals(canary500, responses.stream().filter(r -> r.statusCode() == 500).count());
  }

  @Test
  void changedWeightsMoveTrafficAndStartANewSample() throws Exception {
    // given
    send(100);

    // when
    cluster.setWeights(0, 100);
    await().atMost(WAIT).until(() -> router.splits().size() == 2);
    List<HttpResponse<String>> responses = send(300);

    // then
    assertEquals(new SplitSample(100, 0, 300), router.splits().get(1));
    assertEquals(300, count(responses, "2.0.0"));
    assertEquals(100, router.splits().get(0).requests());
  }

  @Test
  void aDestinationWithoutPodsAnswers503() throws Exception {
    // given
    cluster.setWeights(0, 100);
    await().atMost(WAIT).until(() -> router.splits().size() == 2);

    // when
    cluster.scale("podinfo", 0);
    await().atMost(WAIT).until(() -> workloads.app("podinfo").isEmpty());
    List<HttpResponse<String>> responses = send(20);

    // then
    assertEquals(20, responses.stream().filter(r -> r.statusCode() == 503).count());
    assertEquals(0, cluster.deployment("podinfo").getStatus().getReadyReplicas());
  }

  @Test
  void loadGeneratorCountsAnsweredRequests() {
    // given
    cluster.setWeights(100, 0);
    await().atMost(WAIT).until(() -> router.splits().size() == 2);

    // when
    try (LoadGenerator load = LoadGenerator.start(router.uri(), 200)) {
      await().atMost(WAIT).until(() -> load.ok() >= 100);
      load.close();

      // then: the primary never fails
      assertEquals(0, load.errors());
      assertTrue(load.sent() >= load.ok());
      assertTrue(router.splits().get(1).primaryRequests() >= load.ok());
    }
  }

  private List<HttpResponse<String>> send(int count) throws Exception {
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      futures.add(
          http.sendAsync(
                  HttpRequest.newBuilder(router.uri()).build(),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete((r, e) -> inFlight.release()));
    }
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (var future : futures) {
      responses.add(future.get());
    }
    return responses;
  }

  private static long count(List<HttpResponse<String>> responses, String version) {
    return responses.stream()
        .filter(r -> version.equals(r.headers().firstValue("X-Version").orElse("")))
        .count();
  }

  private Map<String, Long> requestsByWorkloadAndCode() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(router.metricsUri()).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Long> counts = new java.util.TreeMap<>();
    Matcher m = REQUESTS.matcher(text);
    while (m.find()) {
      counts.put(m.group(1) + "/" + m.group(2), Long.parseLong(m.group(3)));
    }
    return counts;
  }

  private static Map<String, Long> primaryOnly(Map<String, Long> metrics) {
    Map<String, Long> primary = new java.util.TreeMap<>(metrics);
    primary.keySet().removeIf(k -> !k.startsWith("podinfo-primary/"));
    return primary;
  }

  private void awaitReady(String name) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                DeploymentReadiness.of(
                        cluster.deployment(name),
                        DeploymentReadiness.DEFAULT_THRESHOLD,
                        DeploymentReadiness.DEFAULT_PROGRESS_DEADLINE_SECONDS,
                        Instant.now())
                    instanceof Readiness.Ready);
  }
}

package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The health probes and the Prometheus exposition under Flagger's metric names, on the management
 * interface: apart from the HTTP API's port, so they can be reached without reaching the API.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class MetricsAndHealthIT extends ControllerTestBase {
  // a management URL starts at the management root path, /q
  @TestHTTPResource(value = "/metrics", management = true)
  URI metrics;

  @TestHTTPResource(value = "/health/ready", management = true)
  URI ready;

  @TestHTTPResource(value = "/health/live", management = true)
  URI live;

  @TestHTTPResource("/q/metrics")
  URI metricsOnTheApiPort;

  @TestHTTPResource("/q/health/ready")
  URI readyOnTheApiPort;

  @Test
  void theApiPortServesNeitherHealthNorMetrics() throws Exception {
    assertTrue(
        metrics.getPort() != metricsOnTheApiPort.getPort(), metrics + " " + metricsOnTheApiPort);
    assertEquals(404, get(metricsOnTheApiPort).statusCode());
    assertEquals(404, get(readyOnTheApiPort).statusCode());
  }

  @Test
  void probesAnswerOnceTheInformersHaveSynced() throws Exception {
    assertEquals(200, get(live).statusCode(), live.toString());
    HttpResponse<String> readiness = get(ready);
    assertEquals(200, readiness.statusCode(), readiness.body());
    assertTrue(readiness.body().contains("informers"), readiness.body());
  }

  @Test
  void flaggersMetricNamesAreExposed() throws Exception {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    tick();

    String body = get(metrics).body();
    String ns = cluster.namespace;

    assertTrue(body.contains("flagger_info{"), "flagger_info");
    assertTrue(body.contains("mesh_provider=\"istio\""), "flagger_info labels");
    assertSample(body, "flagger_canary_total{namespace=\"" + ns + "\"}", "1.0");
    assertSample(body, "flagger_canary_status{name=\"podinfo\",namespace=\"" + ns + "\"}", "0.0");
    assertSample(
        body, "flagger_canary_weight{namespace=\"" + ns + "\",workload=\"podinfo\"}", "10.0");
    assertSample(
        body,
        "flagger_canary_weight{namespace=\"" + ns + "\",workload=\"podinfo-primary\"}",
        "90.0");
    assertTrue(
        body.contains(
            "flagger_canary_duration_seconds_bucket{name=\"podinfo\",namespace=\"" + ns + "\""),
        "duration histogram");
  }

  private static void assertSample(String body, String series, String value) {
    String line =
        body.lines()
            .filter(l -> l.startsWith(series + " "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no series " + series));
    assertEquals(series + " " + value, line);
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}

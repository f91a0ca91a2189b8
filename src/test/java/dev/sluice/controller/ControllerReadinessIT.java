package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kube.ClusterCache;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness probe follows every informer the cache runs, including those started after the
 * controller became ready (a mesh kind on first use, the kinds of a namespace when its first Canary
 * appears): one whose watch has ended leaves the cache silently stale, so the controller must not
 * report ready.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ControllerReadinessIT extends ControllerTestBase {

  @TestHTTPResource(value = "/health/ready", management = true)
  URI ready;

  @AfterEach
  void freshInformers() {
    controller.restart();
  }

  @Test
  void aLazilyStartedInformerWhoseWatchEndedMakesTheControllerUnready() throws Exception {
    // given an Istio canary, whose VirtualService informer starts on first use
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    await().until(() -> get(ready).statusCode() == 200);

    // when that informer's watch ends
    ClusterCache.Informer virtualServices = informer(i -> i.name().startsWith("virtualservices."));
    virtualServices.informer().stop();

    // then the controller is not ready, and says which informer is stale
    HttpResponse<String> readiness = get(ready);
    assertEquals(503, readiness.statusCode(), readiness.body());
    assertTrue(readiness.body().contains(virtualServices.name()), readiness.body());
  }

  @Test
  void theCanaryInformerWhoseWatchEndedMakesTheControllerUnready() throws Exception {
    await().until(() -> get(ready).statusCode() == 200);

    // when the Canary informer's watch ends after it had synced
    ClusterCache.Informer canaries = informer(i -> i.name().startsWith("canaries"));
    canaries.informer().stop();

    // then
    HttpResponse<String> readiness = get(ready);
    assertEquals(503, readiness.statusCode(), readiness.body());
    assertTrue(readiness.body().contains(canaries.name()), readiness.body());
  }

  private ClusterCache.Informer informer(Predicate<ClusterCache.Informer> which) {
    return cache.informers().stream()
        .filter(which)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no such informer in " + cache.informers()));
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.outbound.HttpClients;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Prometheus address in the deny list is refused at once, with no attempt and no retry. A Quarkus
 * test only for SmallRye Fault Tolerance's runtime, as {@link PrometheusBoundsIT}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class PrometheusAddressIT {
  private static Vertx vertx;
  private static HttpClients http;
  private static PrometheusClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = new HttpClients(vertx);
    // retries that would show: a refused address must not use them
    client =
        new PrometheusClient(http, new PrometheusBoundsIT.Config(Duration.ofSeconds(20), 3, 1024));
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aMetadataAddressIsRefusedWithoutAnAttempt() {
    QueryResult result =
        client.query(PrometheusEndpoint.of("http://169.254.169.254/latest", null), "vector(1)");

    String reason = assertInstanceOf(QueryResult.Failed.class, result).reason();
    assertTrue(reason.contains("not sent, refused"), reason);
    assertTrue(reason.contains("sluice.outbound.deny: 169.254.0.0/16"), reason);
    assertTrue(!reason.contains("attempts"), reason);
  }
}

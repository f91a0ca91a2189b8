package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.metricprovider.prometheus.PrometheusClient;
import dev.sluice.metricprovider.prometheus.PrometheusEndpoint;
import dev.sluice.notify.NotificationTransport;
import dev.sluice.notify.NotifyResult;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import dev.sluice.webhook.WebhookClient;
import dev.sluice.webhook.WebhookPayload;
import dev.sluice.webhook.WebhookResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A tenant cannot make Sluice call itself: webhooks, metric providers and chat providers at
 * Sluice's own port are refused before a byte is sent, while receivers on other loopback ports are
 * still called.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class OwnAddressIT extends ControllerTestBase {
  @Inject WebhookClient webhooks;
  @Inject PrometheusClient prometheus;
  @Inject NotificationTransport chat;

  @TestHTTPResource("/")
  URI application;

  @Test
  void anEventWebhookAtSluicesOwnApiIsRefusedAndAbortsNothing() {
    // given another team's canary, and a hook at Sluice's own control API to abort it
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    String abort = "/api/v1/namespaces/" + cluster.namespace + "/canaries/podinfo/abort";
    for (String host : new String[] {"127.0.0.1", "localhost", "[::1]", "0.0.0.0"}) {
      CanaryWebhook hook = eventHook("http://" + host + ":" + application.getPort() + abort);

      // when Sluice calls the hook
      WebhookResult result = webhooks.call(hook, event(hook));

      // then nothing was sent and the reason says why
      assertFalse(result.passed(), result.reason());
      assertEquals(0, result.status(), result.reason());
      assertTrue(result.reason().contains("Sluice's own API"), result.reason());
    }
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations() == null
            ? null
            : cluster
                .canary("podinfo")
                .getMetadata()
                .getAnnotations()
                .get(ControlAnnotations.REQUEST),
        "no control request reached the canary");
  }

  @Test
  void aWebhookAtSluicesOwnApiIsAValidationErrorNamingTheHook() {
    // given a canary whose event hook points at Sluice's own control API
    String url =
        "http://localhost:"
            + application.getPort()
            + "/api/v1/namespaces/"
            + cluster.namespace
            + "/canaries/podinfo/abort";
    givenCanary(
        "podinfo-istio.yaml",
        canary -> {
          canary.getSpec().getAnalysis().setWebhooks(List.of(eventHook(url)));
          return canary;
        });

    // when it is ticked
    tick();

    // then it is refused, with the hook and the reason in the condition and an Event
    String why =
        "webhook events: url "
            + url
            + " is refused: localhost:"
            + application.getPort()
            + " is Sluice's own API";
    assertRefused(why);
    assertEquals("InvalidSpec", statusCondition("Ready").getReason());
    assertTrue(cluster.events(why) > 0, "an Event says why");
  }

  @Test
  void aMetricProviderAndAChatProviderAtSluicesOwnPortAreRefused() {
    String own = "http://127.0.0.1:" + application.getPort();

    QueryResult query = prometheus.query(PrometheusEndpoint.of(own, null), "vector(1)");
    NotifyResult post = chat.postJson("slack", own + "/hooks/x", null, Map.of(), new JsonObject());

    assertTrue(
        query instanceof QueryResult.Failed f && f.reason().contains("Sluice's own API"),
        String.valueOf(query));
    assertTrue(
        post instanceof NotifyResult.Failed f && f.reason().contains("Sluice's own API"),
        String.valueOf(post));
  }

  @Test
  void receiversOnOtherLoopbackPortsAreStillCalled() throws Exception {
    try (var receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      CanaryWebhook hook = eventHook(receiver.url("/events"));
      WebhookResult result = webhooks.call(hook, event(hook));

      assertTrue(result.passed(), result.reason());
      assertEquals(1, receiver.received().size());
    }
  }

  private static CanaryWebhook eventHook(String url) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName("events");
    hook.setType("event");
    hook.setUrl(url);
    return hook;
  }

  private WebhookPayload event(CanaryWebhook hook) {
    return WebhookPayload.event(
        "podinfo", cluster.namespace, "Progressing", "c1", hook, "msg", "Normal", Instant.now());
  }
}

package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.AlertProvider;
import dev.sluice.api.v1beta1.AlertProviderSpec;
import dev.sluice.api.v1beta1.CanaryAlert;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.LocalReference;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.api.v1beta1.MetricTemplateSpec;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole run as people hear of it in chat, and secrets (chat address and token, webhook URL
 * credentials and query values, the Prometheus token and password) searched for in every log line,
 * the Canary's status and every Event, and not found.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class NotificationsAndSecretsIT extends ControllerTestBase {
  private static final List<String> SECRETS =
      List.of(
          "LEAKME-ADDRESS",
          "LEAKME-TOKEN",
          "LEAKME-PASSWORD",
          "LEAKME-QUERY",
          "LEAKME-PROMTOKEN",
          "LEAKME-PROMPASS");
  private static final String ONE_SAMPLE =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
          + "[{\"metric\":{},\"value\":[1700000000,\"1\"]}]}}";

  @Test
  void aRunIsToldInChatInOrderAndARollbackSaysWhyWithTheMetricValue() {
    try (var chat = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        var prometheus = LoopbackReceiver.answering(LoopbackReceiver.answer(200, ONE_SAMPLE))) {
      // given a canary whose info alert points at a Slack-style receiver
      givenAlertingCanary(chat.url("/services/T0/B0/x"), prometheus, 0.5);
      givenInitialized();

      // when a revision is promoted
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      runToEnd();

      // then chat heard of the start (with its facts), each step, and the promotion, in order;
      // chat is sent after the tick returned, so the receiver is read once the last one is in
      assertEquals(CanaryPhase.Succeeded, phase());
      awaitChat(chat, "Promotion completed");
      List<String> texts = chat.received().stream().map(r -> r.body()).toList();
      assertTrue(texts.get(0).contains("New revision detected"), texts.get(0));
      assertTrue(texts.get(0).contains("Weight step: 10 max: 30"), texts.get(0));
      assertTrue(texts.stream().anyMatch(t -> t.contains("canary weight 30")), texts.toString());
      assertTrue(texts.get(texts.size() - 1).contains("Promotion completed"), texts.toString());

      // when the next revision's metric fails (1 < 99)
      cluster.editCanary(
          "podinfo",
          c -> {
            c.getSpec().getAnalysis().getMetrics().get(0).getThresholdRange().setMin(99.0);
            return c;
          });
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.2");
      runToEnd();

      // then the rollback reaches chat with the reason and the value
      assertEquals(CanaryPhase.Failed, phase());
      awaitChat(chat, "Canary failed");
      String last = chat.received().get(chat.received().size() - 1).body();
      assertTrue(last.contains("Canary failed"), last);
      assertTrue(last.contains("1 &lt; 99"), "Slack shows the escaped \"<\" as text: " + last);
      assertTrue(last.contains("danger") || last.contains("error"), last);
    }
  }

  @Test
  void secretsNeverAppearInLogsStatusOrEvents() {
    try (var logs = LogCapture.everything();
        var chat = LoopbackReceiver.answering(LoopbackReceiver.answer(500, "chat down"));
        var hook = LoopbackReceiver.answering(LoopbackReceiver.answer(500, "smoke test failed"));
        // Prometheus refuses the pre-flight once (4xx: not retried), then answers
        var prometheus =
            LoopbackReceiver.answering(
                LoopbackReceiver.answer(400, "bad"), LoopbackReceiver.answer(200, ONE_SAMPLE))) {
      // given secrets in the chat Secret, in a webhook URL, and in the Prometheus template
      givenAlertingCanary(chat.url("/services/T0/B0/LEAKME-ADDRESS"), prometheus, 99.0);
      cluster.editCanary(
          "podinfo",
          c -> {
            CanaryWebhook smoke = new CanaryWebhook();
            smoke.setName("smoke");
            smoke.setType("rollout");
            smoke.setTimeout("5s");
            smoke.setUrl(
                hook.url("/smoke?token=LEAKME-QUERY")
                    .replace("http://", "http://tester:LEAKME-PASSWORD@"));
            c.getSpec().getAnalysis().setWebhooks(List.of(smoke));
            return c;
          });
      tick();
      assertEquals(
          1,
          cluster.events("MetricsProviderUnavailable")
              + eventsWithReason("MetricsProviderUnavailable"));
      givenInitialized();

      // when a run fails every check and rolls back, with chat failing too
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      runToEnd();
      assertEquals(CanaryPhase.Failed, phase());
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster.events("AlertFailed") + alertFailedEvents() > 0);

      // then no secret is in any log line, the status or any event
      String status =
          client.getKubernetesSerialization().asJson(cluster.canary("podinfo").getStatus());
      String events =
          String.join(
              "\n",
              cluster.events().stream().map(e -> e.getReason() + " " + e.getMessage()).toList());
      assertTrue(
          events.contains("HTTP 500 (an answer of 17 bytes, not shown)"),
          "the hook's failure is there: " + events);
      assertFalse(events.contains("smoke test failed"), "but not its answer: " + events);
      for (String secret : SECRETS) {
        assertFalse(logs.all().contains(secret), secret + " in the logs");
        assertFalse(status.contains(secret), secret + " in status: " + status);
        assertFalse(events.contains(secret), secret + " in events: " + events);
      }
    }
  }

  /** Secret data as an API server stores it (the mock server does not convert stringData). */
  private static Map<String, String> base64(Map<String, String> values) {
    Map<String, String> data = new java.util.HashMap<>();
    values.forEach(
        (k, v) ->
            data.put(
                k,
                java.util.Base64.getEncoder()
                    .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    return data;
  }

  private long alertFailedEvents() {
    return eventsWithReason("AlertFailed");
  }

  private long eventsWithReason(String reason) {
    return cluster.events().stream().filter(e -> reason.equals(e.getReason())).count();
  }

  private void runToEnd() {
    for (int i = 0; i < 12; i++) {
      tick();
      cluster.markReady("podinfo");
      cluster.markReady("podinfo-primary");
      if (phase() == CanaryPhase.Succeeded || phase() == CanaryPhase.Failed) {
        return;
      }
    }
  }

  /**
   * podinfo with threshold 1, an info alert to a Slack provider whose address and token come from a
   * Secret, and one metric from a template whose Prometheus is the fake one, behind a password and
   * a token.
   */
  private void givenAlertingCanary(String chatAddress, LoopbackReceiver prometheus, double min) {
    cluster.create(
        new SecretBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName("chat-secret")
                    .withNamespace(cluster.namespace)
                    .build())
            .withData(base64(Map.of("address", chatAddress, "token", "LEAKME-TOKEN")))
            .build());
    cluster.create(
        new SecretBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName("prom-secret")
                    .withNamespace(cluster.namespace)
                    .build())
            .withData(base64(Map.of("token", "LEAKME-PROMTOKEN")))
            .build());
    AlertProvider provider = new AlertProvider();
    provider.setMetadata(
        new ObjectMetaBuilder().withName("chat").withNamespace(cluster.namespace).build());
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType("slack");
    spec.setChannel("deploys");
    LocalReference secretRef = new LocalReference();
    secretRef.setName("chat-secret");
    spec.setSecretRef(secretRef);
    provider.setSpec(spec);
    cluster.create(provider);

    MetricTemplate template = new MetricTemplate();
    template.setMetadata(
        new ObjectMetaBuilder().withName("answer").withNamespace(cluster.namespace).build());
    MetricTemplateSpec templateSpec = new MetricTemplateSpec();
    MetricTemplateProvider templateProvider = new MetricTemplateProvider();
    templateProvider.setType("prometheus");
    templateProvider.setAddress(
        prometheus.url("").replace("http://", "http://prom:LEAKME-PROMPASS@"));
    LocalReference promSecret = new LocalReference();
    promSecret.setName("prom-secret");
    templateProvider.setSecretRef(promSecret);
    templateSpec.setProvider(templateProvider);
    templateSpec.setQuery("vector(42)");
    template.setSpec(templateSpec);
    cluster.create(template);

    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          var analysis = c.getSpec().getAnalysis();
          analysis.setThreshold(1);
          CanaryAlert alert = new CanaryAlert();
          alert.setName("deploys");
          alert.setSeverity("info");
          CrossNamespaceReference ref = new CrossNamespaceReference();
          ref.setName("chat");
          alert.setProviderRef(ref);
          analysis.setAlerts(List.of(alert));
          CanaryMetric metric = new CanaryMetric();
          metric.setName("answer");
          metric.setInterval("1m");
          ThresholdRange range = new ThresholdRange();
          range.setMin(min);
          metric.setThresholdRange(range);
          CrossNamespaceReference templateRef = new CrossNamespaceReference();
          templateRef.setName("answer");
          metric.setTemplateRef(templateRef);
          analysis.setMetrics(List.of(metric));
          analysis.setWebhooks(List.of());
          return c;
        });
  }

  /**
   * Waits until the receiver got a message containing {@code text}: chat is sent asynchronously.
   */
  private static void awaitChat(LoopbackReceiver chat, String text) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> chat.received().stream().anyMatch(r -> r.body().contains(text)));
  }
}

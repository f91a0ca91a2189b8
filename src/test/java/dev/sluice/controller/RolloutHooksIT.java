package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rollout} webhooks (load and smoke tests) called at each step, against a real receiver. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class RolloutHooksIT extends ControllerTestBase {

  @Test
  void aPassingRolloutHookIsCalledWithFlaggersPayloadAndTheRunAdvances() {
    try (var receiver = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"))) {
      givenRunWithHook(receiver.url("/load"));

      tick();

      assertEquals(20, weight());
      var request = receiver.received().get(0);
      assertEquals("POST", request.method());
      assertTrue(request.body().contains("\"name\":\"podinfo\""), request.body());
      assertTrue(
          request.body().contains("\"namespace\":\"" + cluster.namespace + "\""), request.body());
      assertTrue(request.body().contains("\"phase\":\"Progressing\""), request.body());
      assertTrue(request.body().contains("\"cmd\":\"hey -z 1m\""), request.body());
    }
  }

  @Test
  void aFailingRolloutHookIsAFailedCheckWithTheStatusNotTheAnswer() {
    try (var receiver =
        LoopbackReceiver.answering(LoopbackReceiver.answer(500, "load test failed: p99 2.3s"))) {
      givenRunWithHook(receiver.url("/load"));

      tick();
      assertEquals(1, cluster.canary("podinfo").getStatus().getFailedChecks());
      assertEquals(10, weight());
      // the status and length, not the answer: a hook's URL may be any in-cluster service
      String failure = "HTTP 500 (an answer of 26 bytes, not shown)";
      assertTrue(cluster.events(failure) >= 1, "the failure is in the event");
      assertTrue(
          statusCondition("Ready").getMessage().contains(failure),
          "and in status: " + statusCondition("Ready").getMessage());
      assertEquals(0, cluster.events("load test failed"), "the answer is in no event");

      tick();
      assertEquals(CanaryPhase.Failed, phase(), "threshold 2 reached");
      assertTrue(statusCondition("Ready").getMessage().contains(failure));
    }
  }

  /** A weighted run at weight 10 whose canary has one {@code rollout} webhook. */
  private void givenRunWithHook(String url) {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          CanaryWebhook hook = new CanaryWebhook();
          hook.setName("load-test");
          hook.setType("rollout");
          hook.setUrl(url);
          hook.setTimeout("5s");
          hook.setMetadata(Map.of("cmd", "hey -z 1m"));
          c.getSpec().getAnalysis().setWebhooks(List.of(hook));
          c.getSpec().getAnalysis().setThreshold(2);
          return c;
        });
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(10, weight());
  }
}

package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Flagger webhook type at its place in a run, against real receivers on loopback; gates that
 * hold and open; requests made through the {@code sluice.dev/request} annotation.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class WebhookTypesIT extends ControllerTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachHookTypeIsCalledAtItsPlaceWithFlaggersPayload() throws Exception {
    try (var ok = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        var no = LoopbackReceiver.answering(LoopbackReceiver.answer(403, "closed"))) {
      // given a canary with one hook of every rollout type (the rollback hook declines)
      givenCanaryWithHooks(
          hook("confirm-rollout", ok.url("/confirm-rollout")),
          hook("pre-rollout", ok.url("/pre-rollout")),
          hook("rollout", ok.url("/rollout")),
          hook("confirm-traffic-increase", ok.url("/confirm-traffic-increase")),
          hook("confirm-promotion", ok.url("/confirm-promotion")),
          hook("post-rollout", ok.url("/post-rollout")),
          hook("rollback", no.url("/rollback")));
      givenInitialized();

      // when a new revision runs to the end
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      for (int i = 0; i < 12 && phase() != CanaryPhase.Succeeded; i++) {
        tick();
        cluster.markReady("podinfo");
        cluster.markReady("podinfo-primary");
      }

      // then it succeeded, and each hook was called where Flagger calls it
      assertEquals(CanaryPhase.Succeeded, phase());
      List<String> order = new ArrayList<>();
      for (var request : ok.received()) {
        String path = request.path().substring(1);
        if (order.isEmpty() || !order.get(order.size() - 1).equals(path)) {
          order.add(path);
        }
      }
      assertEquals("confirm-rollout", order.get(0), order.toString());
      assertEquals("pre-rollout", order.get(1), order.toString());
      assertEquals("post-rollout", order.get(order.size() - 1), order.toString());
      assertTrue(order.indexOf("confirm-traffic-increase") < order.indexOf("rollout"), "" + order);
      assertTrue(
          order.lastIndexOf("rollout") < order.indexOf("confirm-promotion"), order.toString());

      JsonNode confirm = body(ok, "/confirm-rollout");
      assertEquals("podinfo", confirm.get("name").asText());
      assertEquals(cluster.namespace, confirm.get("namespace").asText());
      assertEquals("Initialized", confirm.get("phase").asText());
      assertEquals("confirm-rollout", confirm.get("type").asText());
      assertEquals(16, confirm.get("checksum").asText().length());
      assertEquals("Progressing", body(ok, "/pre-rollout").get("phase").asText());
      assertEquals("Progressing", body(ok, "/confirm-promotion").get("phase").asText());
      assertEquals("Succeeded", body(ok, "/post-rollout").get("phase").asText());
      assertEquals("v1", body(ok, "/post-rollout").get("metadata").get("release").asText());
      assertTrue(!no.received().isEmpty(), "rollback hooks are asked during the run");
      assertEquals("Progressing", JSON.readTree(no.received().get(0).body()).get("phase").asText());
      assertCanaryValid("podinfo");
    }
  }

  @Test
  void aClosedConfirmRolloutGateHoldsInWaitingThenOpens() {
    try (var gate =
        LoopbackReceiver.answering(
            LoopbackReceiver.answer(403, "Forbidden"),
            LoopbackReceiver.answer(403, "Forbidden"),
            LoopbackReceiver.answer(200, "Approved"))) {
      givenCanaryWithHooks(hook("confirm-rollout", gate.url("/gate/check")));
      givenInitialized();
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");

      tick();
      assertEquals(CanaryPhase.Waiting, phase());
      assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas(), "not scaled up");
      tick();
      assertEquals(CanaryPhase.Waiting, phase());
      assertEquals(1, cluster.events("waiting for approval"), "one event for the wait");
      assertTrue(statusCondition("Ready").getMessage().contains("waiting for approval"));

      tick();
      assertEquals(CanaryPhase.Progressing, phase());
      assertEquals(0, cluster.canary("podinfo").getStatus().getFailedChecks());
    }
  }

  @Test
  void aFailingPostRolloutHookIsAWarningAndChangesNothing() {
    try (var failing = LoopbackReceiver.answering(LoopbackReceiver.answer(500, "cleanup failed"))) {
      givenCanaryWithHooks(hook("post-rollout", failing.url("/post")));
      givenInitialized();
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      for (int i = 0; i < 12 && phase() != CanaryPhase.Succeeded; i++) {
        tick();
        cluster.markReady("podinfo");
        cluster.markReady("podinfo-primary");
      }

      assertEquals(CanaryPhase.Succeeded, phase());
      assertEquals(1, cluster.events("HTTP 500 (an answer of 14 bytes, not shown)"));
      assertEquals(0, cluster.events("cleanup failed"), "the answer is not echoed");
    }
  }

  @Test
  void requestsByAnnotationAreHandledOnceRecordedAndRemoved() {
    // given a run at weight 10
    givenCanaryWithHooks();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(10, weight());

    // when a person pauses it
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "pause");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");

    // then the pause is recorded, evented and the annotation removed, with no step taken
    var control = cluster.canary("podinfo").getStatus().getControl();
    assertEquals("pause", control.getLastRequest());
    assertEquals("Applied", control.getLastRequestOutcome());
    assertEquals(Boolean.TRUE, control.getPaused());
    assertEquals(10, weight());
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));
    assertEquals(1, cluster.events("paused at its current step"));

    // and ticks hold the weight until a resume
    tick();
    tick();
    assertEquals(10, weight());
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "resume/2");
    tick();
    assertEquals(20, weight());
    assertNull(cluster.canary("podinfo").getStatus().getControl().getPaused());

    // when the same resume is written again, it is ignored and says why
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "resume/3");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    assertEquals(
        "Ignored", cluster.canary("podinfo").getStatus().getControl().getLastRequestOutcome());

    // when aborted, the run rolls back
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort/4");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas());
    assertCanaryValid("podinfo");
  }

  @jakarta.inject.Inject org.quartz.Scheduler quartz;

  @Test
  void aNewRequestTriggersARequestOnlyRunOfTheCanarysJobAtOnce() {
    givenCanaryWithHooks();
    var job = org.quartz.JobKey.jobKey(cluster.namespace + "/podinfo", TickScheduler.GROUP);
    org.awaitility.Awaitility.await().until(() -> quartz.checkExists(job));

    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "pause/1");

    org.awaitility.Awaitility.await()
        .until(
            () ->
                quartz.getTriggersOfJob(job).stream()
                    .anyMatch(t -> t.getJobDataMap().containsKey(CanaryTickJob.REQUEST_ONLY)));
  }

  @Test
  void aRequestLeftBehindByACrashIsRemovedWithoutBeingHandledTwice() {
    givenCanaryWithHooks();
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "skip/7");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    // the controller "crashed" before removing it: put it back
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "skip/7");
    long events = cluster.events("skipped by request");

    tick();

    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));
    assertEquals(events, cluster.events("skipped by request"), "not handled twice");
    assertEquals(
        "Applied", cluster.canary("podinfo").getStatus().getControl().getLastRequestOutcome());
  }

  @Test
  void aHookThatNeverAnswersHoldsOnlyItsOwnCanarysTick() throws Exception {
    try (var silent = LoopbackReceiver.answering(LoopbackReceiver.held())) {
      // given canary A whose pre-rollout hook never answers (timeout 60s), at its first step
      CanaryWebhook slow = hook("pre-rollout", silent.url("/slow"));
      slow.setTimeout("60s");
      givenCanaryWithHooks(slow);
      givenInitialized();
      cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      tick();
      cluster.markReady("podinfo");
      // and canary B in another namespace, at the same point, without hooks
      var other = new dev.sluice.testing.ClusterFixture(client, cache, cluster.namespace + "-b");
      other.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);
      other.createCanary("/canaries/podinfo-istio.yaml", c -> c);
      tickOther(other);
      other.markReady("podinfo-primary");
      tickOther(other);
      other.markReady("podinfo");
      other.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
      tickOther(other);
      other.markReady("podinfo");
      cluster.awaitCacheSynced();

      // when A's tick is stuck in its hook
      var stuck =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> ticker.tick(cluster.namespace, "podinfo"));
      org.awaitility.Awaitility.await().until(() -> !silent.received().isEmpty());
      tickOther(other);

      // then B advanced while A's tick was still waiting
      assertEquals(10, other.canary("podinfo").getStatus().getCanaryWeight());
      assertTrue(!stuck.isDone(), "A's tick is still in its hook");
      silent.close();
      stuck.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private void tickOther(dev.sluice.testing.ClusterFixture other) {
    clock.advance(java.time.Duration.ofSeconds(30));
    other.awaitCacheSynced();
    ticker.tick(other.namespace, "podinfo");
  }

  private static CanaryWebhook hook(String type, String url) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName(type + "-hook");
    hook.setType(type);
    hook.setUrl(url);
    hook.setTimeout("5s");
    hook.setMetadata(Map.of("release", "v1"));
    return hook;
  }

  private void givenCanaryWithHooks(CanaryWebhook... hooks) {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().getAnalysis().setWebhooks(List.of(hooks));
          c.getSpec().getAnalysis().setMetrics(List.of());
          return c;
        });
  }

  private static JsonNode body(LoopbackReceiver receiver, String path) throws Exception {
    for (var request : receiver.received()) {
      if (request.path().equals(path)) {
        return JSON.readTree(request.body());
      }
    }
    throw new AssertionError("nothing received at " + path);
  }
}

package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.router.istio.IstioRouter;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import dev.sluice.workload.PrimaryPodTemplate;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Decide, record, then do": what reaches production (a promotion, a rollback) is written to status
 * before it is carried out. A status write that fails leaves production as the status says; a tick
 * cut off after the write and before the carrying out leaves it to the next tick, which carries it
 * out from status alone, and the hooks and events of the decision happen once.
 *
 * <p>Failures are queued on the mock API server: a refused update of the status write, or on the
 * write that carries the decision out (the primary Deployment, the VirtualService), which stops the
 * tick right there, as a controller killed at that point would.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class RecordThenDoIT extends ControllerTestBase {
  private static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.0";

  @KubernetesTestServer KubernetesServer mockServer;

  @Test
  void aFailedStatusWriteAtPromotionLeavesThePrimaryOnThePromotedRevision() {
    givenSkippingAnalysis();
    String promoted = status().getLastPromotedSpec();

    cluster.setImage("podinfo", NEW_IMAGE);
    failNextWrite(statusPath());
    tick();

    assertPrimaryRuns(OLD_IMAGE);
    assertEquals(promoted, status().getLastPromotedSpec(), "status does not claim a promotion");
    assertNotEquals(CanaryPhase.Promoting, phase());
    assertPrimaryIsWhatStatusSays();

    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertPrimaryRuns(NEW_IMAGE);
    assertEquals(status().getLastAppliedSpec(), status().getLastPromotedSpec());
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertPrimaryIsWhatStatusSays();
    assertEquals(1, cluster.events("Copying podinfo"), "one promotion");
    assertCanaryValid("podinfo");
  }

  @Test
  void aPromotionRecordedButNotCarriedOutIsCarriedOutByTheNextTick() {
    givenSkippingAnalysis();

    cluster.setImage("podinfo", NEW_IMAGE);
    failNextWrite(deploymentPath("podinfo-primary"));
    tick();

    assertEquals(CanaryPhase.Promoting, phase(), "the intent was recorded first");
    assertEquals(status().getLastAppliedSpec(), status().getLastPromotedSpec());
    assertPrimaryRuns(OLD_IMAGE);

    tick();
    assertPrimaryRuns(NEW_IMAGE);
    assertEquals(CanaryPhase.Promoting, phase(), "traffic waits for the copied primary");
    cluster.markReady("podinfo-primary");
    tick();
    tick();
    assertEquals(CanaryPhase.Succeeded, phase());
    assertPrimaryIsWhatStatusSays();
    assertEquals(1, cluster.events("Copying podinfo"), "one promotion");
  }

  @Test
  void aFailedStatusWriteAtRollbackIsDecidedAgainAndCarriedOutOnce() throws Exception {
    try (var post = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        var rollback = rollbackHookOpeningOnItsSecondCall()) {
      givenRunAtWeight10(post, rollback);

      failNextWrite(statusPath());
      tick();

      assertEquals(CanaryPhase.Progressing, phase(), "the write failed: nothing was recorded");
      assertEquals(10, weight());
      assertEquals(List.of(90, 10), cluster.weights("podinfo"), "routes are as status says");
      assertNotEquals(0, cluster.deployment("podinfo").getSpec().getReplicas(), "canary still up");
      assertEquals(0, post.received().size(), "post-rollout hooks follow the recorded rollback");
      assertEquals(0, cluster.events("Canary failed!"));

      tick();
      tick();

      assertRolledBackOnce(post);
    }
  }

  @Test
  void aRollbackRecordedButNotCarriedOutIsCarriedOutByTheNextTick() throws Exception {
    try (var post = LoopbackReceiver.answering(LoopbackReceiver.answer(200, "ok"));
        var rollback = rollbackHookOpeningOnItsSecondCall()) {
      givenRunAtWeight10(post, rollback);

      failNextWrite(virtualServicePath());
      tick();

      assertEquals(CanaryPhase.Failed, phase(), "the rollback was recorded first");
      assertEquals(0, weight());
      assertEquals(1, cluster.events("Canary failed!"), "its event went with the status write");
      assertEquals(0, post.received().size(), "not carried out yet");

      tick();
      tick();

      assertRolledBackOnce(post);
    }
  }

  @TestHTTPResource("/rollback/check")
  URI rollbackGate;

  @Test
  void aGateRollbackRecordedButNotCarriedOutClosesTheGateOnTheNextTick() {
    // given a run at weight 10 whose rollback hook is Sluice's own rollback gate
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          CanaryWebhook gate = hook("rollback", rollbackGate.toString());
          gate.setMetadata(null);
          c.getSpec().getAnalysis().setWebhooks(List.of(gate));
          c.getSpec().getAnalysis().setMetrics(List.of());
          return c;
        });
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals(10, weight());
    cluster.markReady("podinfo");

    // when a person opens the rollback gate and the tick that rolls back stops after recording it
    cluster.annotateCanary("podinfo", ControlAnnotations.ROLLBACK_GATE, "open");
    failNextWrite(virtualServicePath());
    tick();
    assertEquals(CanaryPhase.Failed, phase(), "the rollback was recorded first");

    // then the next tick, which carries the rollback out, closes the gate behind it
    tick();
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertNull(
        cluster
            .canary("podinfo")
            .getMetadata()
            .getAnnotations()
            .get(ControlAnnotations.ROLLBACK_GATE),
        "the rollback gate is closed");

    // and the next revision is not rolled back at its first step
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.2");
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(10, weight());
  }

  private void assertRolledBackOnce(LoopbackReceiver post) throws Exception {
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(0, weight());
    assertEquals(List.of(100, 0), cluster.weights("podinfo"));
    assertEquals(0, cluster.deployment("podinfo").getSpec().getReplicas(), "canary scaled down");
    assertEquals(1, post.received().size(), "post-rollout hooks called once: " + post.received());
    assertEquals(1, cluster.events("Canary failed!"), "one RolledBack event");
    assertPrimaryRuns(OLD_IMAGE);
    assertPrimaryIsWhatStatusSays();
    assertCanaryValid("podinfo");
  }

  private void givenSkippingAnalysis() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().setSkipAnalysis(true);
          return c;
        });
    givenInitialized();
    assertPrimaryIsWhatStatusSays();
  }

  /** A run at weight 10 whose rollback hook declined once and will now ask to roll back. */
  private void givenRunAtWeight10(LoopbackReceiver post, LoopbackReceiver rollback) {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec()
              .getAnalysis()
              .setWebhooks(
                  List.of(
                      hook("post-rollout", post.url("/post")),
                      hook("rollback", rollback.url("/rollback"))));
          c.getSpec().getAnalysis().setMetrics(List.of());
          return c;
        });
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(10, weight());
    cluster.markReady("podinfo");
  }

  private static LoopbackReceiver rollbackHookOpeningOnItsSecondCall() {
    return LoopbackReceiver.answering(
        LoopbackReceiver.answer(403, "keep going"), LoopbackReceiver.answer(200, "roll back"));
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

  /**
   * The invariant of a recorded promotion: outside Promoting and Finalising, the primary runs the
   * revision status says was last promoted.
   */
  private void assertPrimaryIsWhatStatusSays() {
    CanaryStatus status = status();
    if (status.getPhase() == CanaryPhase.Promoting || status.getPhase() == CanaryPhase.Finalising) {
      return;
    }
    assertEquals(
        status.getLastPromotedSpec(),
        cluster
            .deployment("podinfo-primary")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(PrimaryPodTemplate.REVISION_ANNOTATION),
        "the primary runs status.lastPromotedSpec in phase " + status.getPhase());
  }

  private CanaryStatus status() {
    return cluster.canary("podinfo").getStatus();
  }

  private String statusPath() {
    return "/apis/flagger.app/v1beta1/namespaces/" + cluster.namespace + "/canaries/podinfo/status";
  }

  private String deploymentPath(String name) {
    return "/apis/apps/v1/namespaces/" + cluster.namespace + "/deployments/" + name;
  }

  private String virtualServicePath() {
    var vs = IstioRouter.VIRTUAL_SERVICE;
    return "/apis/"
        + vs.getGroup()
        + "/"
        + vs.getVersion()
        + "/namespaces/"
        + cluster.namespace
        + "/"
        + vs.getPlural()
        + "/podinfo";
  }

  /**
   * The next update of {@code path} is refused (a 403, which the client does not retry, as it
   * retries a 5xx): the tick stops at that write.
   */
  private void failNextWrite(String path) {
    mockServer
        .expect()
        .put()
        .withPath(path)
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage("refused by an admission webhook for this test")
                .build())
        .once();
  }
}

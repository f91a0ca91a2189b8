package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.api.v1beta1.ControlStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;

/**
 * A person's request belongs to the run, and the revision, it was made for: a promote never copies
 * a revision that was not analysed.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = dev.sluice.testing.RegisterCrds.class)
class RequestsAndRevisionsIT extends ControllerTestBase {
  private static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.0";
  private static final String NEWER_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.2";

  @Test
  void aPromoteMadeAfterTheTargetMovedOnIsRefusedAndTheNewerRevisionGetsItsOwnRun() {
    // given a run of 6.0.1 at weight 10
    givenRunAtWeight10();
    String analysed = status().getLastAppliedSpec();
    String promoted = status().getLastPromotedSpec();

    // when the target moves on to 6.0.2 and a promote arrives before any tick saw it
    cluster.setImage("podinfo", NEWER_IMAGE);
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "promote/1");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");

    // then nothing unanalysed reaches the primary, and status and an event say why
    assertPrimaryRuns(OLD_IMAGE);
    assertEquals(promoted, status().getLastPromotedSpec());
    assertNotEquals(CanaryPhase.Promoting, phase());
    assertEquals("Ignored", control().getLastRequestOutcome());
    assertTrue(
        control().getLastRequestMessage().contains("changed since"),
        control().getLastRequestMessage());
    assertEquals(1, cluster.events("changed since"));
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));

    // and the next tick starts a run of its own for 6.0.2
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(0, weight());
    assertNotEquals(analysed, status().getLastAppliedSpec());
    assertPrimaryRuns(OLD_IMAGE);
    assertCanaryValid("podinfo");
  }

  @Test
  void aPromotePendingAtAScheduledTickThatSeesANewerRevisionCopiesNothing() {
    givenRunAtWeight10();
    String promoted = status().getLastPromotedSpec();

    cluster.setImage("podinfo", NEWER_IMAGE);
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "promote/2");
    tick();
    tick();

    assertPrimaryRuns(OLD_IMAGE);
    assertEquals(promoted, status().getLastPromotedSpec());
    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals("Ignored", control().getLastRequestOutcome());
  }

  @Test
  void theSameRequestWrittenAgainInANewRunIsHandledAndInTheSameRunIsReportedAsHandled() {
    // given a run that a person aborted with a bare "abort"
    givenRunAtWeight10();
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals("abort", control().getLastRequest());

    // when the same value is written again while that run's outcome stands
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort");
    tick();

    // then it is not handled twice, and an event says it was handled already in this run
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));
    assertEquals(1, cluster.events("Aborted by request"));
    assertEquals(
        1, cluster.events("already handled in this run"), "said once: " + cluster.events());

    // when the next revision runs and the on-call writes the same "abort" again
    cluster.setImage("podinfo", NEWER_IMAGE);
    tick();
    cluster.markReady("podinfo");
    tick();
    assertEquals(10, weight());
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "abort");
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");

    // then this run is aborted
    assertEquals(CanaryPhase.Failed, phase());
    assertEquals(0, weight());
    assertEquals(2, cluster.events("Aborted by request"));
    assertEquals(status().getLastAppliedSpec(), control().getLastRequestRun());
    assertNull(
        cluster.canary("podinfo").getMetadata().getAnnotations().get(ControlAnnotations.REQUEST));
    assertCanaryValid("podinfo");
  }

  @Test
  void aPromotionNeverCopiesATargetWhoseRevisionIsNotTheOneStatusPromotes() {
    // given a run of 6.0.1 at weight 10, and a status (written by hand, or by a bug) that is in
    // Promoting for a revision the target does not hold
    givenRunAtWeight10();
    client
        .resources(dev.sluice.api.v1beta1.Canary.class)
        .inNamespace(cluster.namespace)
        .withName("podinfo")
        .editStatus(
            c -> {
              c.getStatus().setPhase(CanaryPhase.Promoting);
              c.getStatus().setLastPromotedSpec("not-the-target");
              return c;
            });

    // when the next tick would copy the target to the primary
    tick();

    // then nothing is copied, and the canary says why
    assertPrimaryRuns(OLD_IMAGE);
    assertTrue(
        statusCondition("Ready").getMessage().contains("not promoting"),
        statusCondition("Ready").getMessage());
  }

  @Inject TickScheduler scheduler;
  @Inject Scheduler quartz;

  @Test
  void aRequestPendingWhenTheControllerStartsIsHandledAtOnceNotAfterAWholeInterval()
      throws Exception {
    givenRunAtWeight10();

    // given a controller that is down while a person asks to pause
    cache.stop();
    scheduler.unschedule(cluster.namespace, "podinfo");
    cluster.annotateCanary("podinfo", ControlAnnotations.REQUEST, "pause/3");

    // when it starts (mid-run, its first scheduled tick waits out the rest of the interval)
    controller.restart();

    // then the canary's job is run at once to handle the request (Quartz is halted in tests: the
    // one-off trigger stays to be seen), and running it handles the request without a step
    JobKey job = JobKey.jobKey(cluster.namespace + "/podinfo", TickScheduler.GROUP);
    await()
        .until(
            () ->
                quartz.checkExists(job)
                    && quartz.getTriggersOfJob(job).stream()
                        .anyMatch(t -> t.getJobDataMap().containsKey(CanaryTickJob.REQUEST_ONLY)));
    cluster.awaitCacheSynced();
    ticker.handleRequest(cluster.namespace, "podinfo");
    assertEquals("pause/3", control().getLastRequest());
    assertEquals(Boolean.TRUE, control().getPaused());
    assertEquals(10, weight(), "no step taken");
  }

  private void givenRunAtWeight10() {
    givenCanary(
        "podinfo-istio.yaml",
        c -> {
          c.getSpec().getAnalysis().setWebhooks(List.of());
          c.getSpec().getAnalysis().setMetrics(List.of());
          return c;
        });
    givenInitialized();
    whenANewRevisionIsReady();
    tick();
    assertEquals(10, weight());
    cluster.markReady("podinfo");
  }

  private dev.sluice.api.v1beta1.CanaryStatus status() {
    return cluster.canary("podinfo").getStatus();
  }

  private ControlStatus control() {
    ControlStatus control = status().getControl();
    return control == null ? new ControlStatus() : control;
  }
}

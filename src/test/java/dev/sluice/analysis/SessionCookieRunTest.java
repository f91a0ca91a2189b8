package dev.sluice.analysis;

import static dev.sluice.analysis.Canaries.REV_1;
import static dev.sluice.analysis.Canaries.REV_2;
import static dev.sluice.analysis.Canaries.REV_3;
import static dev.sluice.analysis.Canaries.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.Canaries.Rollout;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.SessionAffinity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session cookies of {@code analysis.sessionAffinity} are the run's memory: written once when a
 * run starts, kept through the run and after it, so that every router tick reads the same ones.
 */
class SessionCookieRunTest {

  private static CanaryAnalysis sticky() {
    CanaryAnalysis analysis = Canaries.stepWeight(50, 50);
    SessionAffinity affinity = new SessionAffinity();
    affinity.setCookieName("flagger-cookie");
    analysis.setSessionAffinity(affinity);
    return analysis;
  }

  @Test
  void aRunStartRecordsANewCookieAndKeepsTheLastOneAsPrevious() {
    // given an initialized canary with session affinity: initialization starts no run
    Rollout rollout = Rollout.initialized(sticky());
    rollout.canary.getMetadata().setUid("uid-1");
    assertNull(rollout.status().getSessionAffinityCookie());

    // when rev-2 starts a run
    CanaryStatus first = rollout.tick(seen(REV_2)).status();

    // then it has a cookie and no previous one
    assertEquals(CanaryPhase.Progressing, first.getPhase());
    assertTrue(first.getSessionAffinityCookie().startsWith("flagger-cookie="));
    assertNull(first.getPreviousSessionAffinityCookie());

    // when the run is promoted and rev-3 starts the next run
    while (rollout.status().getPhase() != CanaryPhase.Succeeded) {
      rollout.tick(seen(REV_2));
    }
    CanaryStatus second = rollout.tick(seen(REV_3)).status();

    // then the first run's cookie is the previous one
    assertNotEquals(first.getSessionAffinityCookie(), second.getSessionAffinityCookie());
    assertEquals(first.getSessionAffinityCookie(), second.getPreviousSessionAffinityCookie());
  }

  @Test
  void theCookiesStayThroughTheRunAndItsPromotion() {
    Rollout rollout = Rollout.initialized(sticky());
    String cookie = rollout.tick(seen(REV_2)).status().getSessionAffinityCookie();
    String previous = rollout.status().getPreviousSessionAffinityCookie();

    List<CanaryPhase> phases = new ArrayList<>();
    for (int i = 0; i < 6 && rollout.status().getPhase() != CanaryPhase.Succeeded; i++) {
      CanaryStatus status = rollout.tick(seen(REV_2)).status();
      phases.add(status.getPhase());
      assertEquals(cookie, status.getSessionAffinityCookie(), "the same cookie every tick");
      assertEquals(previous, status.getPreviousSessionAffinityCookie());
    }
    assertEquals(CanaryPhase.Succeeded, rollout.status().getPhase(), phases.toString());
  }

  @Test
  void everyRunGetsItsOwnCookieEvenForARevisionSeenBefore() {
    // given runs of rev-2, then rev-3, then rev-2 again, each interrupted by the next
    Rollout rollout = Rollout.initialized(sticky());
    String first = rollout.tick(seen(REV_2)).status().getSessionAffinityCookie();
    String second = rollout.tick(seen(REV_3)).status().getSessionAffinityCookie();
    CanaryStatus third = rollout.tick(seen(REV_2)).status();

    // then each run's cookie is new and the one before it becomes the previous one
    assertNotEquals(first, second);
    assertNotEquals(first, third.getSessionAffinityCookie());
    assertEquals(second, third.getPreviousSessionAffinityCookie());
  }

  @Test
  void aCanaryWithoutSessionAffinityGetsNoCookies() {
    Rollout rollout = Rollout.initialized(Canaries.stepWeight(50, 50));

    CanaryStatus started = rollout.tick(seen(REV_2)).status();

    assertNull(started.getSessionAffinityCookie());
    assertNull(started.getPreviousSessionAffinityCookie());
    assertEquals(REV_1, rollout.status().getLastPromotedSpec());
  }
}

package dev.sluice.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.SessionAffinity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cookie logic both routers share. */
class StickySessionTest {

  private static Canary canary(String cookieName, CanaryStatus status) {
    SessionAffinity affinity = new SessionAffinity();
    affinity.setCookieName(cookieName);
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setSessionAffinity(affinity);
    CanarySpec spec = new CanarySpec();
    spec.setAnalysis(analysis);
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withUid("uid-1").build());
    canary.setSpec(spec);
    canary.setStatus(status);
    return canary;
  }

  private static CanaryStatus status(String current, String previous) {
    CanaryStatus status = new CanaryStatus();
    status.setLastAppliedSpec("rev-1");
    status.setSessionAffinityCookie(current);
    status.setPreviousSessionAffinityCookie(previous);
    return status;
  }

  @Test
  void withoutARecordedCookieOneIsDerivedFromTheRevisionTheSameOnEveryCall() {
    Canary canary = canary("c", status(null, null));

    String cookie = StickySession.cookie(canary);

    assertTrue(cookie.matches("c=[0-9a-f]{20}"), cookie);
    assertEquals(cookie, StickySession.cookie(canary));
    canary.getStatus().setLastAppliedSpec("rev-2");
    assertNotEquals(cookie, StickySession.cookie(canary));
  }

  @Test
  void cookiesOfARenamedCookieAreExpiredUnderEachName() {
    // given the previous run used cookie name "old", the current one "new"
    Canary canary = canary("new", status("new=2", "old=1"));

    // then at weight 0 both names are deleted, while the canary has weight only the old one
    assertEquals(
        List.of(
            new StickySession.Expiry("new", List.of("new=2")),
            new StickySession.Expiry("old", List.of("old=1"))),
        StickySession.expired(canary, 0));
    assertEquals(
        List.of(new StickySession.Expiry("old", List.of("old=1"))),
        StickySession.expired(canary, 10));
  }

  @Test
  void aRunStartMovesTheCookieToPreviousAndDerivesTheNewOneFromTheStartTime() {
    Canary canary = canary("c", status("c=1", "c=0"));
    canary.getStatus().setPhase(CanaryPhase.Succeeded);
    CanaryStatus next = status("c=1", "c=0");
    next.setLastAppliedSpec("rev-2");

    StickySession.startRun(canary, canary.getStatus(), next, Instant.parse("2026-01-01T00:00:00Z"));
    String first = next.getSessionAffinityCookie();
    StickySession.startRun(canary, canary.getStatus(), next, Instant.parse("2026-01-01T01:00:00Z"));

    assertEquals("c=1", next.getPreviousSessionAffinityCookie());
    assertTrue(first.startsWith("c="), first);
    assertNotEquals(first, next.getSessionAffinityCookie(), "a later start, a new cookie");
  }

  @Test
  void initializationStartsNoRunAndRecordsNoCookie() {
    Canary canary = canary("c", status(null, null));
    canary.getStatus().setPhase(CanaryPhase.Initializing);
    CanaryStatus next = status(null, null);

    StickySession.startRun(canary, canary.getStatus(), next, Instant.EPOCH);

    assertEquals(null, next.getSessionAffinityCookie());
    assertEquals(List.of(), StickySession.expired(canary, 0), "no route for a cookie never given");
  }

  @Test
  void noPrimaryCookieWithoutItsNameOrAtWeightZero() {
    Canary canary = canary("c", status("c=1", null));
    assertEquals(Optional.empty(), StickySession.primaryCookie(canary, 10));

    canary.getSpec().getAnalysis().getSessionAffinity().setPrimaryCookieName("p");
    assertEquals(Optional.empty(), StickySession.primaryCookie(canary, 0));
    assertTrue(StickySession.primaryCookie(canary, 10).orElseThrow().startsWith("p="));
  }
}

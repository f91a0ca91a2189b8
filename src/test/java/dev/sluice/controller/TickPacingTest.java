package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TickPacingTest {
  private static final Duration INTERVAL = Duration.ofSeconds(4);
  private static final Instant T0 = Instant.parse("2026-12-03T14:08:35Z");

  @Test
  void aHeldUpTickAndTheNextOnScheduleDoNotBothJudge() {
    // given a canary ticking every 4s whose tick due at 4s was held up until 7.1s
    TickPacing pacing = new TickPacing();
    assertTrue(pacing.admit("ns/a", T0, INTERVAL));
    assertTrue(pacing.admit("ns/a", T0.plusMillis(7_100), INTERVAL));

    // when the tick due at 8s fires on schedule, 0.9s later
    boolean burst = pacing.admit("ns/a", T0.plusMillis(8_000), INTERVAL);

    // then it is dropped, and the one due at 12s runs
    assertFalse(burst);
    assertTrue(pacing.admit("ns/a", T0.plusMillis(12_000), INTERVAL));
  }

  @Test
  void ticksLateByTheSameAmountEachTimeAllRun() {
    TickPacing pacing = new TickPacing();
    for (int i = 0; i < 5; i++) {
      assertTrue(pacing.admit("ns/a", T0.plusMillis(i * 4_000L + 3_500), INTERVAL), "tick " + i);
    }
  }

  @Test
  void canariesArePacedApartAndAForgottenOneStartsAfresh() {
    TickPacing pacing = new TickPacing();
    assertTrue(pacing.admit("ns/a", T0, INTERVAL));
    assertTrue(pacing.admit("ns/b", T0.plusMillis(100), INTERVAL));
    pacing.forget("ns/a");
    assertTrue(pacing.admit("ns/a", T0.plusMillis(200), INTERVAL));
  }
}

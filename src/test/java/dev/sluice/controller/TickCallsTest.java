package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tick's calls: bounded by the tick's deadline, cancelled by a request that takes the turn. */
class TickCallsTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch never = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  @AfterEach
  void stop() {
    never.countDown();
    pool.shutdownNow();
  }

  @Test
  void aCallThatDoesNotAnswerByTheDeadlineIsCancelledAndCountsAsUnanswered() {
    TickCalls calls = new TickCalls(pool, Duration.ofMillis(200), true);
    AtomicBoolean interrupted = new AtomicBoolean();

    String answer = calls.call(() -> waitForever(interrupted), why -> "unanswered: " + why);

    assertEquals("unanswered: no answer within the tick's deadline of 200ms", answer);
    await().untilTrue(interrupted);
    assertEquals(
        "unanswered: not called: the tick's deadline of 200ms had passed",
        calls.call(() -> "late", why -> "unanswered: " + why),
        "later calls of the tick are not made");
  }

  @Test
  void aRequestCancelsTheCallUnderWayAndTheTickDecidesNothing() {
    TickCalls calls = new TickCalls(pool, Duration.ofMinutes(5), true);
    AtomicBoolean interrupted = new AtomicBoolean();
    CompletableFuture<String> tick =
        CompletableFuture.supplyAsync(
            () -> calls.call(() -> waitForever(interrupted), why -> "unanswered"), pool);
    // once the call is under way, so that it is the call that gets cancelled
    await().until(() -> started.getCount() == 0);
    assertTrue(calls.preempt());

    var failure = assertThrows(Exception.class, tick::join);
    assertTrue(failure.getCause() instanceof TickCalls.Preempted, failure.toString());
    await().untilTrue(interrupted);
    assertThrows(TickCalls.Preempted.class, calls::act);
    assertThrows(TickCalls.Preempted.class, () -> calls.call(() -> "x", why -> "y"));
  }

  @Test
  void aTickThatActsOnItsAnswersCannotBePreempted() {
    TickCalls calls = new TickCalls(pool, Duration.ofMinutes(5), true);
    assertEquals("ok", calls.call(() -> "ok", why -> "unanswered"));

    calls.act();

    assertFalse(calls.preempt());
    assertEquals("again", calls.call(() -> "again", why -> "unanswered"));
  }

  @Test
  void aRequestsOwnTickIsNotPreempted() {
    TickCalls calls = new TickCalls(pool, Duration.ofMinutes(5), false);

    assertFalse(calls.preempt());
    calls.act();
  }

  private String waitForever(AtomicBoolean interrupted) {
    started.countDown();
    try {
      never.await();
      return "answered";
    } catch (InterruptedException e) {
      interrupted.set(true);
      return "interrupted";
    }
  }
}

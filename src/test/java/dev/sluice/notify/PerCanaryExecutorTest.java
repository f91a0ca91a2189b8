package dev.sluice.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PerCanaryExecutorTest {

  @Test
  void tasksOfOneCanaryRunInOrderWhileCanariesRunInParallel() throws Exception {
    var executor = new PerCanaryExecutor("test", 10_000, key -> {});
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, Integer> running = new ConcurrentHashMap<>();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    List<Thread> submitters = new ArrayList<>();
    for (String canary : List.of("a/one", "a/two", "b/one", "b/two", "c/one")) {
      seen.put(canary, new CopyOnWriteArrayList<>());
      Thread submitter =
          new Thread(
              () ->
                  IntStream.range(0, 200)
                      .forEach(
                          i ->
                              assertTrue(
                                  executor.submit(
                                      canary,
                                      () -> {
                                        if (running.merge(canary, 1, Integer::sum) > 1) {
                                          overlaps.add(canary);
                                        }
                                        seen.get(canary).add(i);
                                        running.merge(canary, -1, Integer::sum);
                                      }))));
      submitters.add(submitter);
    }

    submitters.forEach(Thread::start);
    for (Thread t : submitters) {
      t.join();
    }
    await().until(() -> executor.pending() == 0);

    List<Integer> expected = IntStream.range(0, 200).boxed().toList();
    seen.forEach((canary, order) -> assertEquals(expected, order, canary));
    assertEquals(List.of(), overlaps, "two tasks of one canary never run at once");
    executor.close(Duration.ofSeconds(1));
  }

  @Test
  void aFullLaneDropsItsOwnOldestWaitingTaskAndNoOtherCanarysWaits() {
    List<String> drops = new CopyOnWriteArrayList<>();
    var executor = new PerCanaryExecutor("test", 2, drops::add);
    CountDownLatch hold = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();

    // canary a: one held, two waiting, then two more: its own oldest waiting ones go
    assertTrue(executor.submit("ns/a", () -> hold(hold)));
    for (String task : List.of("a1", "a2", "a3", "a4")) {
      assertTrue(executor.submit("ns/a", () -> ran.add(task)));
    }
    // canary b runs at once, however long a's task holds
    assertTrue(executor.submit("ns/b", () -> ran.add("b1")));
    await().until(() -> ran.contains("b1"));
    hold.countDown();
    await().until(() -> executor.pending() == 0);

    assertEquals(List.of("b1", "a3", "a4"), ran);
    assertEquals(List.of("ns/a", "ns/a"), drops);
    executor.close(Duration.ofSeconds(1));
  }

  @Test
  void aThrowingTaskDoesNotStopTheNextOnes() {
    var executor = new PerCanaryExecutor("test", 10, key -> {});
    List<String> ran = new CopyOnWriteArrayList<>();

    executor.submit(
        "ns/a",
        () -> {
          throw new IllegalStateException("boom");
        });
    executor.submit("ns/a", () -> ran.add("after"));

    await().until(() -> ran.contains("after"));
    executor.close(Duration.ofSeconds(1));
  }

  @Test
  void closeLetsQueuedTasksFinishWithinTheGraceAndRefusesNewOnes() {
    var executor = new PerCanaryExecutor("test", 10, key -> {});
    CountDownLatch hold = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    executor.submit("ns/a", () -> hold(hold));
    executor.submit("ns/a", () -> ran.add("queued"));
    new Thread(hold::countDown).start();

    executor.close(Duration.ofSeconds(30));

    assertEquals(List.of("queued"), ran);
    assertFalse(executor.submit("ns/a", () -> ran.add("late")));
    assertEquals(0, executor.pending());
  }

  @Test
  void closeGivesUpOnATaskThatOutlastsTheGrace() {
    var executor = new PerCanaryExecutor("test", 10, key -> {});
    CountDownLatch never = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    executor.submit("ns/a", () -> hold(never));
    executor.submit("ns/a", () -> ran.add("dropped"));

    executor.close(Duration.ofMillis(50));

    assertEquals(List.of(), ran);
    assertFalse(executor.submit("ns/b", () -> ran.add("late")));
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

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
    var executor = new PerCanaryExecutor("test", 4, 10_000);
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
  void aFullQueueRefusesWithoutBlockingAndTakesWorkAgainOnceDrained() throws Exception {
    var executor = new PerCanaryExecutor("test", 1, 3);
    CountDownLatch hold = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    Runnable held =
        () -> {
          hold(hold);
          ran.add("held");
        };

    assertTrue(executor.submit("ns/a", held));
    assertTrue(executor.submit("ns/b", () -> ran.add("b1")));
    assertTrue(executor.submit("ns/a", () -> ran.add("a2")));
    boolean fourth = executor.submit("ns/c", () -> ran.add("c1"));
    hold.countDown();
    await().until(() -> executor.pending() == 0);

    assertFalse(fourth, "capacity 3 is taken by the held task and two waiting ones");
    // one thread: the held canary's next task waits behind the other canary's first
    assertEquals(List.of("held", "b1", "a2"), ran);
    assertTrue(executor.submit("ns/c", () -> ran.add("c1")));
    await().until(() -> ran.contains("c1"));
    executor.close(Duration.ofSeconds(1));
  }

  @Test
  void aThrowingTaskDoesNotStopTheNextOnes() {
    var executor = new PerCanaryExecutor("test", 1, 10);
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
    var executor = new PerCanaryExecutor("test", 1, 10);
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
    var executor = new PerCanaryExecutor("test", 1, 10);
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

package dev.sluice.notify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs blocking sends off the caller's thread: tasks of one canary one after another in the order
 * submitted, tasks of different canaries in parallel on a small fixed pool.
 *
 * <p>Contract: {@link #submit} never blocks and never runs the task itself; it returns false when
 * {@code capacity} tasks are already waiting or running, or after {@link #close}, and the caller
 * reports the drop. A task that throws is logged and does not stop the tasks after it. {@link
 * #close} stops accepting work, lets queued tasks run for at most the grace, then interrupts.
 */
public final class PerCanaryExecutor {
  private static final Logger LOG = Logger.getLogger(PerCanaryExecutor.class);

  private final String name;
  private final int capacity;
  private final ExecutorService pool;

  // a key is present while a drain of it is scheduled or running; its head is the running task
  private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();
  private int pending;
  private boolean closed;

  /**
   * @param name what the tasks are, for thread names and log lines, e.g. {@code notify}
   * @param threads tasks that run at once, across all canaries
   * @param capacity tasks that may wait or run at once, across all canaries
   */
  public PerCanaryExecutor(String name, int threads, int capacity) {
    this.name = name;
    this.capacity = Math.max(1, capacity);
    int size = Math.max(1, threads);
    // unbounded, but it holds at most one drain per canary with pending work: at most capacity
    this.pool =
        new ThreadPoolExecutor(
            size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon(name));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sluice-" + name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Queues {@code task} behind the earlier tasks of {@code key}.
   *
   * @return false when it was not queued (full or closed); the task will never run
   */
  public boolean submit(String key, Runnable task) {
    synchronized (this) {
      if (closed || pending >= capacity) {
        return false;
      }
      pending++;
      ArrayDeque<Runnable> queue = queues.get(key);
      if (queue != null) {
        queue.add(task);
        return true;
      }
      queue = new ArrayDeque<>();
      queue.add(task);
      queues.put(key, queue);
    }
    return schedule(key);
  }

  private boolean schedule(String key) {
    try {
      pool.execute(() -> drainOne(key));
      return true;
    } catch (RejectedExecutionException e) {
      // only after close's grace ran out: what is left is dropped, and close has said so
      synchronized (this) {
        ArrayDeque<Runnable> queue = queues.remove(key);
        pending -= queue == null ? 0 : queue.size();
        notifyAll();
      }
      return false;
    }
  }

  /** Runs the key's next task, then goes to the back of the line so other canaries get a turn. */
  private void drainOne(String key) {
    Runnable task;
    synchronized (this) {
      task = queues.get(key).peek();
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s %s task failed", key, name);
    }
    boolean more;
    synchronized (this) {
      ArrayDeque<Runnable> queue = queues.get(key);
      queue.poll();
      pending--;
      more = !queue.isEmpty();
      if (!more) {
        queues.remove(key);
      }
      notifyAll();
    }
    if (more) {
      schedule(key);
    }
  }

  /** Tasks waiting or running. */
  public synchronized int pending() {
    return pending;
  }

  /**
   * Stops accepting tasks and waits at most {@code grace} for the queued ones, then interrupts the
   * ones still running and drops the rest, naming the canaries that lose sends.
   */
  public void close(Duration grace) {
    String dropped;
    synchronized (this) {
      closed = true;
      long deadline = System.nanoTime() + grace.toNanos();
      long left = grace.toNanos();
      while (pending > 0 && left > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        left = deadline - System.nanoTime();
      }
      dropped = pending == 0 ? null : pending + " for " + String.join(", ", queues.keySet());
    }
    pool.shutdownNow();
    if (dropped != null) {
      LOG.warnf("%s sends dropped at shutdown after %s: %s", name, grace, dropped);
    }
  }
}

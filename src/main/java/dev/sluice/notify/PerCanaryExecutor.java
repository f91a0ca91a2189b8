package dev.sluice.notify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs blocking sends off the caller's thread, each canary apart: a canary's sends run one after
 * another in the order submitted, on a thread its lane holds while it has sends and gives back when
 * it has none. A canary whose receiver never answers thus holds one thread and its own lane, and
 * never delays or crowds out another canary's sends.
 *
 * <p>Contract: {@link #submit} never blocks and never runs the task itself. A lane keeps at most
 * {@code capacity} sends waiting behind the one under way; one more drops the lane's oldest waiting
 * send, never another canary's: the drop is reported to {@code dropped} each time and logged once
 * until the lane has caught up. A task that throws is logged and does not stop the tasks after it.
 * {@link #close} stops accepting work, lets queued tasks run for at most the grace, then
 * interrupts.
 */
public final class PerCanaryExecutor {
  private static final Logger LOG = Logger.getLogger(PerCanaryExecutor.class);

  private final String name;
  private final int capacity;
  private final Consumer<String> dropped;
  private final ExecutorService pool;

  // a key is present while its lane has sends; its head is the one under way
  private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();
  // lanes whose drops were logged since they last caught up
  private final Set<String> warned = new HashSet<>();
  private int pending;
  private boolean closed;

  /**
   * @param name what the tasks are, for thread names and log lines, e.g. {@code notify}
   * @param capacity sends of one canary that may wait behind the one under way
   * @param dropped told the key of each send dropped to make room
   */
  public PerCanaryExecutor(String name, int capacity, Consumer<String> dropped) {
    this.name = name;
    this.capacity = Math.max(1, capacity);
    this.dropped = dropped;
    // threads come and go with lanes that have sends: at most one per canary with sends pending
    this.pool = Executors.newCachedThreadPool(daemon(name));
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
   * Queues {@code task} behind the earlier tasks of {@code key}, dropping the key's oldest waiting
   * task when its lane is full.
   *
   * @return false only after {@link #close}; the task will never run
   */
  public boolean submit(String key, Runnable task) {
    boolean start = false;
    boolean drop = false;
    boolean warn = false;
    synchronized (this) {
      if (closed) {
        return false;
      }
      ArrayDeque<Runnable> queue = queues.get(key);
      if (queue == null) {
        queue = new ArrayDeque<>();
        queues.put(key, queue);
        start = true;
      } else if (queue.size() - 1 >= capacity) {
        Iterator<Runnable> waiting = queue.iterator();
        waiting.next(); // the one under way runs on
        waiting.next();
        waiting.remove();
        pending--;
        drop = true;
        warn = warned.add(key);
      }
      queue.add(task);
      pending++;
    }
    if (drop) {
      dropped.accept(key);
      if (warn) {
        LOG.warnf(
            "%s %s: oldest waiting send dropped, %d wait behind one that has not finished; further"
                + " drops are counted (sluice_notifications_dropped_total), not logged, until they"
                + " catch up",
            key, name, capacity);
      }
    }
    return !start || schedule(key);
  }

  private boolean schedule(String key) {
    try {
      pool.execute(() -> drain(key));
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

  /** Runs the key's tasks until its lane is empty. */
  private void drain(String key) {
    while (true) {
      Runnable task;
      synchronized (this) {
        task = queues.get(key).peek();
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s %s task failed", key, name);
      }
      synchronized (this) {
        ArrayDeque<Runnable> queue = queues.get(key);
        queue.poll();
        pending--;
        notifyAll();
        if (queue.isEmpty() || pool.isShutdown()) {
          // after close's grace the rest is dropped, and close has said so
          pending -= queue.size();
          queues.remove(key);
          warned.remove(key);
          return;
        }
      }
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
    String lost;
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
      lost = pending == 0 ? null : pending + " for " + String.join(", ", queues.keySet());
    }
    pool.shutdownNow();
    if (lost != null) {
      LOG.warnf("%s sends dropped at shutdown after %s: %s", name, grace, lost);
    }
  }
}

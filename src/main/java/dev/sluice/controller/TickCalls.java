package dev.sluice.controller;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The outgoing calls of one tick of one canary, which share the tick's deadline. Each call runs on
 * a thread of its own while the tick waits for it, so that the tick can stop waiting: when the
 * deadline passes the call is cancelled (its request reset) and counts as unanswered, and a
 * person's request that comes while the tick still waits on its calls cancels them and the tick
 * decides nothing ({@link Preempted}). Once the tick starts acting on its answers ({@link #act})
 * nothing can stop it any more: a decision is carried out whole or not at all.
 *
 * <p>Thread-safe: the tick calls {@link #call} and {@link #act}, a request {@link #preempt}.
 */
public final class TickCalls {
  private final ExecutorService pool;
  private final Duration deadline;
  private final long deadlineNanos;
  private final boolean preemptible;
  private Future<?> current;
  private boolean preempted;
  private boolean acting;

  /**
   * @param pool where calls run; its threads must be interruptible, one per call under way
   * @param preemptible whether a person's request may take this tick's turn
   */
  TickCalls(ExecutorService pool, Duration deadline, boolean preemptible) {
    this.pool = pool;
    this.deadline = deadline;
    this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    this.preemptible = preemptible;
  }

  /**
   * Makes a call and waits for its answer, at most until the tick's deadline.
   *
   * @param unanswered what the call came to when it did not answer in time, given why
   * @throws Preempted when a request took the tick's turn before or during the call
   */
  public <T> T call(Callable<T> call, Function<String, T> unanswered) {
    Future<T> future;
    long left;
    synchronized (this) {
      if (preempted) {
        throw new Preempted();
      }
      left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return unanswered.apply("not called: the tick's deadline of " + shown() + " had passed");
      }
      future = pool.submit(call);
      current = future;
    }
    try {
      return future.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return unanswered.apply("no answer within the tick's deadline of " + shown());
    } catch (CancellationException e) {
      throw new Preempted();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new Preempted();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      synchronized (this) {
        current = null;
      }
    }
  }

  /**
   * The tick acts on its answers from now on: a request waits for it to end instead of preempting.
   *
   * @throws Preempted when a request took the tick's turn already
   */
  public synchronized void act() {
    if (preempted) {
      throw new Preempted();
    }
    acting = true;
  }

  /**
   * Lets a person's request take this tick's turn: cancels the call under way, and the tick decides
   * nothing.
   *
   * @return false when the tick cannot give way (it acts already, or is a request's own tick)
   */
  public synchronized boolean preempt() {
    if (!preemptible || acting) {
      return false;
    }
    preempted = true;
    if (current != null) {
      current.cancel(true);
    }
    return true;
  }

  /** The deadline as people write it: {@code 5m}, {@code 30s} or {@code 1500ms}. */
  private String shown() {
    if (deadline.toMillis() % 60_000 == 0) {
      return deadline.toMinutes() + "m";
    }
    return deadline.toMillis() % 1000 == 0
        ? deadline.toSeconds() + "s"
        : deadline.toMillis() + "ms";
  }

  /** A request took the tick's turn: the tick stops where it is and decides nothing. */
  public static final class Preempted extends RuntimeException {
    Preempted() {
      super("a person's request took the tick's turn", null, false, false);
    }
  }
}

package dev.sluice.controller;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Where ticks and their calls run, off Quartz's pool: Quartz only fires a canary's tick and hands
 * it over here, so a tick that waits on a receiver that never answers holds a thread of its own and
 * never one that fires other canaries' ticks. A canary has at most one tick under way ({@link
 * CanaryTicker} skips a tick that finds its previous one still running), so there are at most two
 * threads per canary (its tick and the call the tick waits on), and none for an idle one.
 */
@ApplicationScoped
public class TickThreads {
  private static final Logger LOG = Logger.getLogger(TickThreads.class);

  private final ExecutorService ticks = Executors.newCachedThreadPool(daemon("tick"));
  private final ExecutorService calls = Executors.newCachedThreadPool(daemon("call"));
  private final Duration deadline;

  @Inject
  public TickThreads(TickConfig config) {
    this.deadline = config.tickDeadline();
  }

  /** Runs a canary's tick on a thread of its own; {@code key} names it in a refusal. */
  void run(String key, Runnable tick) {
    try {
      ticks.execute(tick);
    } catch (RejectedExecutionException e) {
      LOG.debugf("%s tick not run: shutting down", key);
    }
  }

  /** The calls of a tick that starts now; {@code preemptible} unless it handles a request. */
  TickCalls start(boolean preemptible) {
    return new TickCalls(calls, deadline, preemptible);
  }

  Duration deadline() {
    return deadline;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sluice-" + name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @PreDestroy
  void close() {
    ticks.shutdownNow();
    calls.shutdownNow();
  }
}

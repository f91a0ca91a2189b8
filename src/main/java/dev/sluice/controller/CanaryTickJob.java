package dev.sluice.controller;

import dev.sluice.observe.CanaryMetrics;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one canary: fires its tick and hands it to a thread of its own ({@link
 * TickThreads}), so a tick that waits on its calls never holds Quartz's pool, nor an event loop.
 */
@Dependent
@DisallowConcurrentExecution
public class CanaryTickJob implements Job {
  private static final Logger LOG = Logger.getLogger(CanaryTickJob.class);
  static final String NAMESPACE = "namespace";
  static final String NAME = "name";

  /** Set on a one-off trigger that only handles a person's request. */
  static final String REQUEST_ONLY = "requestOnly";

  @Inject CanaryTicker ticker;
  @Inject CanaryMetrics metrics;
  @Inject TickScheduler scheduler;
  @Inject TickThreads threads;

  @Override
  public void execute(JobExecutionContext context) {
    var data = context.getMergedJobDataMap();
    if (data.containsKey(REQUEST_ONLY)) {
      String namespace = data.getString(NAMESPACE);
      String name = data.getString(NAME);
      threads.run(namespace + "/" + name, () -> ticker.handleRequest(namespace, name));
      return;
    }
    metrics.tickDelay(
        Duration.ofMillis(
            context.getFireTime().getTime() - context.getScheduledFireTime().getTime()));
    String namespace = data.getString(NAMESPACE);
    String name = data.getString(NAME);
    if (!scheduler.admit(
        namespace, name, context.getFireTime().toInstant(), context.getTrigger())) {
      LOG.debugf(
          "%s/%s tick dropped: the previous one started less than half an interval ago",
          namespace, name);
      return;
    }
    threads.run(namespace + "/" + name, () -> ticker.tick(namespace, name));
  }
}

package dev.sluice.controller;

import dev.sluice.observe.CanaryMetrics;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one canary: runs its tick on a Quartz worker thread, never on an event loop.
 */
@Dependent
@DisallowConcurrentExecution
public class CanaryTickJob implements Job {
  static final String NAMESPACE = "namespace";
  static final String NAME = "name";

  /** Set on a one-off trigger that only handles a person's request. */
  static final String REQUEST_ONLY = "requestOnly";

  @Inject CanaryTicker ticker;
  @Inject CanaryMetrics metrics;

  @Override
  public void execute(JobExecutionContext context) {
    var data = context.getMergedJobDataMap();
    if (data.containsKey(REQUEST_ONLY)) {
      ticker.handleRequest(data.getString(NAMESPACE), data.getString(NAME));
      return;
    }
    metrics.tickDelay(
        Duration.ofMillis(
            context.getFireTime().getTime() - context.getScheduledFireTime().getTime()));
    ticker.tick(data.getString(NAMESPACE), data.getString(NAME));
  }
}

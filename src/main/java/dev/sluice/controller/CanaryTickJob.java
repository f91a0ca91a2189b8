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

  @Inject CanaryTicker ticker;
  @Inject CanaryMetrics metrics;

  @Override
  public void execute(JobExecutionContext context) {
    var data = context.getMergedJobDataMap();
    metrics.tickDelay(
        Duration.ofMillis(
            context.getFireTime().getTime() - context.getScheduledFireTime().getTime()));
    ticker.tick(data.getString(NAMESPACE), data.getString(NAME));
  }
}

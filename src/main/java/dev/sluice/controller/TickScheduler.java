package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * One Quartz job per Canary, firing at its analysis interval. Quartz's threads only fire ticks: the
 * tick runs on a thread of its own ({@link TickThreads}), and {@link CanaryTicker} keeps a canary's
 * tick from overlapping itself.
 */
@ApplicationScoped
public class TickScheduler {
  private static final Logger LOG = Logger.getLogger(TickScheduler.class);
  static final String GROUP = "canary";

  @Inject Scheduler quartz;
  @Inject Clock clock;

  private final TickPacing pacing = new TickPacing();

  /**
   * Schedules (or reschedules, when the interval changed) the canary's ticks. The first tick of a
   * canary fires at once, except mid-run, where it waits out the rest of the current interval after
   * a restart instead of taking a step early.
   */
  public void schedule(Canary canary, Duration interval) {
    TriggerKey key = triggerKey(canary);
    try {
      Optional<Duration> current = interval(key);
      if (current.isPresent() && current.get().equals(interval)) {
        return;
      }
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(key)
              .forJob(jobKey(canary))
              .startAt(Date.from(firstTick(canary, interval)))
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(interval.toMillis())
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build();
      if (current.isPresent()) {
        quartz.rescheduleJob(key, trigger);
        LOG.infof("%s ticks every %ss now", canary.key(), interval.toSeconds());
      } else {
        JobDetail job =
            JobBuilder.newJob(CanaryTickJob.class)
                .withIdentity(jobKey(canary))
                .usingJobData(CanaryTickJob.NAMESPACE, canary.getMetadata().getNamespace())
                .usingJobData(CanaryTickJob.NAME, canary.getMetadata().getName())
                .build();
        quartz.scheduleJob(job, trigger);
        LOG.debugf("%s ticks every %ss", canary.key(), interval.toSeconds());
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot schedule " + canary.key(), e);
    }
  }

  /**
   * Runs the canary's job once now to handle a person's request; a tick under way that waits on its
   * calls gives way to it ({@link CanaryTicker#handleRequest}).
   */
  public void handleRequestNow(Canary canary) {
    try {
      if (quartz.checkExists(jobKey(canary))) {
        quartz.triggerJob(jobKey(canary), new JobDataMap(Map.of(CanaryTickJob.REQUEST_ONLY, true)));
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot trigger " + canary.key(), e);
    }
  }

  /**
   * Whether a scheduled tick that fired now may run: not when the canary's previous scheduled tick
   * started less than half its interval ago (see {@link TickPacing}).
   */
  boolean admit(String namespace, String name, Instant firedAt, Trigger trigger) {
    if (!(trigger instanceof SimpleTrigger simple) || simple.getRepeatInterval() <= 0) {
      return true;
    }
    return pacing.admit(
        namespace + "/" + name, firedAt, Duration.ofMillis(simple.getRepeatInterval()));
  }

  /** Removes the canary's ticks; a tick under way finishes. */
  public void unschedule(String namespace, String name) {
    pacing.forget(namespace + "/" + name);
    try {
      quartz.deleteJob(JobKey.jobKey(namespace + "/" + name, GROUP));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule " + namespace + "/" + name, e);
    }
  }

  /** The interval a canary ticks at, if it is scheduled. */
  public Optional<Duration> interval(String namespace, String name) {
    return interval(TriggerKey.triggerKey(namespace + "/" + name, GROUP));
  }

  private Optional<Duration> interval(TriggerKey key) {
    try {
      return Optional.ofNullable(quartz.getTrigger(key))
          .map(t -> Duration.ofMillis(((SimpleTrigger) t).getRepeatInterval()));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot read trigger " + key, e);
    }
  }

  private Instant firstTick(Canary canary, Duration interval) {
    Instant now = clock.instant();
    var status = canary.getStatus();
    if (status == null
        || status.getPhase() == null
        || !status.getPhase().isRunning()
        || status.getLastTransitionTime() == null) {
      return now;
    }
    Instant next = Instant.parse(status.getLastTransitionTime()).plus(interval);
    return next.isAfter(now) ? next : now;
  }

  private static TriggerKey triggerKey(Canary canary) {
    return TriggerKey.triggerKey(canary.key(), GROUP);
  }

  private static JobKey jobKey(Canary canary) {
    return JobKey.jobKey(canary.key(), GROUP);
  }
}

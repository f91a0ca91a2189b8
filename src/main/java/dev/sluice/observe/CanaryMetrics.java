package dev.sluice.observe;

import dev.sluice.analysis.Strategy;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.JudgeStatus;
import dev.sluice.config.SluiceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The controller's own metrics, under Flagger's names so that existing dashboards and alerts keep
 * working: {@code flagger_info}, {@code flagger_canary_total}, {@code flagger_canary_status},
 * {@code flagger_canary_weight}, {@code flagger_canary_duration_seconds}, {@code
 * flagger_canary_successes_total}, {@code flagger_canary_failures_total}, with Flagger's labels.
 */
@ApplicationScoped
public class CanaryMetrics {
  @Inject MeterRegistry registry;
  @Inject SluiceConfig config;

  /** A gauge series and the value it reports, so that a canary's series can be removed. */
  private record Series(AtomicInteger value, Gauge gauge) {}

  private final Map<String, Series> series = new ConcurrentHashMap<>();

  /** The target each canary's weight series are labelled with, {@code namespace/name} -> target. */
  private final Map<String, String> weightTargets = new ConcurrentHashMap<>();

  /** Flagger's series labelled with a canary's name and namespace, and Sluice's rollbacks. */
  private static final List<String> NAMED =
      List.of(
          "flagger.canary.status",
          "flagger.canary.duration",
          "flagger.canary.successes",
          "flagger.canary.failures",
          "sluice.canary.rollbacks");

  /** The judge's gauges of a canary, per signal (and workload for the counts). */
  private static final List<String> JUDGE =
      List.of("sluice.judge.evidence", "sluice.judge.requests", "sluice.judge.bad");

  /** The judge's gauges, by key: doubles (evidence), which the int series cannot hold. */
  private final Map<String, Judged> judged = new ConcurrentHashMap<>();

  private record Judged(AtomicReference<Double> value, Gauge gauge) {}

  void onStart(@Observes StartupEvent event) {
    Gauge.builder("flagger.info", () -> 1)
        .tags("version", version(), "mesh_provider", config.meshProvider())
        .description("Flagger version and mesh provider information")
        .register(registry);
  }

  /** Number of canaries in a namespace; a namespace without canaries has no series. */
  public void total(String namespace, int count) {
    if (count == 0) {
      remove(key("flagger.canary.total", Tags.of("namespace", namespace)));
      return;
    }
    set(
        "flagger.canary.total",
        Tags.of("namespace", namespace),
        "Total number of canary object",
        count);
  }

  /** Flagger's status code, with its meaning: 0 Progressing, 2 Failed, 1 any other phase. */
  public void phase(Canary canary, CanaryPhase phase) {
    int code = phase == CanaryPhase.Progressing ? 0 : phase == CanaryPhase.Failed ? 2 : 1;
    set("flagger.canary.status", nameTags(canary), "Last canary analysis result", code);
  }

  /**
   * Weights as Flagger labels them: the primary as {@code <target>-primary}, the canary as the
   * target.
   */
  public void weights(Canary canary, int canaryWeight) {
    String target = canary.getSpec().getTargetRef().getName();
    String ns = canary.getMetadata().getNamespace();
    String before = weightTargets.put(canary.key(), target);
    if (before != null && !before.equals(target)) {
      // the series of a target the canary no longer has would report its last weight forever
      removeWeights(ns, before);
    }
    String help = "The virtual service destination weight";
    set(
        "flagger.canary.weight",
        Tags.of("workload", target + "-primary", "namespace", ns),
        help,
        100 - canaryWeight);
    set("flagger.canary.weight", Tags.of("workload", target, "namespace", ns), help, canaryWeight);
  }

  public void tickDuration(Canary canary, Duration duration) {
    Timer.builder("flagger.canary.duration")
        .description("Seconds spent performing canary analysis.")
        .tags(nameTags(canary))
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  /**
   * How late a tick started against its schedule: ticks queue behind a busy pool when checks are
   * slow, and this says so before canaries fall visibly behind.
   */
  public void tickDelay(Duration delay) {
    Timer.builder("sluice.tick.delay")
        .description("Seconds a canary tick started after its scheduled time.")
        .publishPercentileHistogram()
        .register(registry)
        .record(delay);
  }

  public void outcome(Canary canary, boolean succeeded) {
    Counter.builder(succeeded ? "flagger.canary.successes" : "flagger.canary.failures")
        .description(
            succeeded ? "Total number of canary successes" : "Total number of canary failures")
        .tags(nameTags(canary).and("deployment_strategy", Strategy.of(canary.getSpec()).label()))
        .register(registry)
        .increment();
  }

  /**
   * The judge's state per signal ({@code status.judge}): {@code sluice_judge_evidence} (what the
   * evidence is compared with 1/alpha), and the run's counts, {@code sluice_judge_requests} and
   * {@code sluice_judge_bad} by {@code workload} (canary, primary). A signal no longer judged keeps
   * its last values until the canary goes.
   */
  public void judge(Canary canary, JudgeStatus status) {
    if (status == null || status.getSignals() == null) {
      return;
    }
    for (JudgeSignalStatus signal : status.getSignals()) {
      Tags tags = nameTags(canary).and("signal", signal.getName());
      setJudged(
          "sluice.judge.evidence",
          tags,
          "Sluice's judge: the evidence that the canary fails more often than the primary; rollback at 1/alpha",
          signal.getEvidence());
      count("sluice.judge.requests", tags.and("workload", "canary"), signal.getCanaryRequests());
      count("sluice.judge.requests", tags.and("workload", "primary"), signal.getPrimaryRequests());
      count("sluice.judge.bad", tags.and("workload", "canary"), signal.getCanaryBad());
      count("sluice.judge.bad", tags.and("workload", "primary"), signal.getPrimaryBad());
    }
  }

  /**
   * A rollback, by the judge or by Flagger's threshold of failed checks (and anything else that
   * fails a run: deadline, hooks): {@code sluice_canary_rollbacks_total{by="judge"|"threshold"}},
   * beside Flagger's {@code flagger_canary_failures_total}, which counts both.
   */
  public void rollback(Canary canary, boolean byJudge) {
    Counter.builder("sluice.canary.rollbacks")
        .description("Rollbacks of canary runs, by the judge or by failed checks")
        .tags(nameTags(canary).and("by", byJudge ? "judge" : "threshold"))
        .register(registry)
        .increment();
  }

  private void count(String name, Tags tags, Long value) {
    setJudged(
        name,
        tags,
        "Sluice's judge: requests (all, or bad) of the run so far",
        value == null ? null : value.doubleValue());
  }

  private void setJudged(String name, Tags tags, String description, Double value) {
    if (value == null) {
      return;
    }
    judged
        .computeIfAbsent(
            key(name, tags),
            k -> {
              AtomicReference<Double> holder = new AtomicReference<>(0.0);
              Gauge gauge =
                  Gauge.builder(name, holder, AtomicReference::get)
                      .tags(tags)
                      .description(description)
                      .register(registry);
              return new Judged(holder, gauge);
            })
        .value()
        .set(value);
  }

  /**
   * Removes every series of a canary that is gone: status, weights (of its current and any former
   * target), tick durations, successes and failures.
   */
  public void forget(Canary canary) {
    String ns = canary.getMetadata().getNamespace();
    Tags named = nameTags(canary);
    remove(key("flagger.canary.status", named));
    for (String name : NAMED) {
      registry.find(name).tags(named).meters().forEach(registry::remove);
    }
    for (String name : JUDGE) {
      registry.find(name).tags(named).meters().forEach(registry::remove);
    }
    judged
        .entrySet()
        .removeIf(e -> e.getValue().gauge().getId().getTags().containsAll(named.stream().toList()));
    String target = weightTargets.remove(canary.key());
    if (target != null) {
      removeWeights(ns, target);
    }
    if (canary.getSpec() != null && canary.getSpec().getTargetRef() != null) {
      removeWeights(ns, canary.getSpec().getTargetRef().getName());
    }
  }

  /** Held entries, series and weight targets together: for tests. */
  int heldEntries() {
    return series.size() + weightTargets.size() + judged.size();
  }

  private void removeWeights(String ns, String target) {
    remove(key("flagger.canary.weight", Tags.of("workload", target, "namespace", ns)));
    remove(key("flagger.canary.weight", Tags.of("workload", target + "-primary", "namespace", ns)));
  }

  private void remove(String key) {
    Series gone = series.remove(key);
    if (gone != null) {
      registry.remove(gone.gauge());
    }
  }

  private void set(String name, Tags tags, String description, int value) {
    series
        .computeIfAbsent(
            key(name, tags),
            k -> {
              AtomicInteger holder = new AtomicInteger();
              Gauge gauge =
                  Gauge.builder(name, holder, AtomicInteger::get)
                      .tags(tags)
                      .description(description)
                      .register(registry);
              return new Series(holder, gauge);
            })
        .value()
        .set(value);
  }

  private static String key(String name, Tags tags) {
    return name + tags;
  }

  private static Tags nameTags(Canary canary) {
    return Tags.of(
        "name", canary.getMetadata().getName(), "namespace", canary.getMetadata().getNamespace());
  }

  private static String version() {
    String version = CanaryMetrics.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

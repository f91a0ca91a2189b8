package dev.sluice.playground;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.MetricStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live timeline: the canary's phase and weight when they change, every metric value against its
 * range, each Event Sluice records (every decision with its reason), and the webhook and chat calls
 * the canary makes, each line stamped with the time since the playground started.
 */
final class Timeline implements AutoCloseable {
  private final PrintStream out;
  private final Instant start = Instant.now();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private final Set<String> seenEvents = new HashSet<>();
  private String lastState = "";
  private String lastMetrics = "";
  private boolean loopbackNoted;
  private String lastJudge = "";

  Timeline(PrintStream out) {
    this.out = out;
  }

  /** Follows the canary {@code namespace/name} in the API until closed. */
  void follow(KubernetesClient client, String namespace, String name) {
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            poll(client, namespace, name);
          } catch (RuntimeException e) {
            // the API is shutting down, or a transient error: the next poll tells
          }
        },
        0,
        250,
        TimeUnit.MILLISECONDS);
  }

  synchronized void print(String source, String text) {
    Duration since = Duration.between(start, Instant.now());
    out.printf(
        Locale.ROOT,
        "[%3d:%02d.%d] %-8s %s%n",
        since.toMinutes(),
        since.toSecondsPart(),
        since.toMillisPart() / 100,
        source,
        text);
    out.flush();
  }

  private void poll(KubernetesClient client, String namespace, String name) {
    Canary canary = client.resources(Canary.class).inNamespace(namespace).withName(name).get();
    if (canary != null && canary.getStatus() != null) {
      CanaryStatus status = canary.getStatus();
      String state =
          status.getPhase()
              + " weight "
              + (status.getCanaryWeight() == null ? 0 : status.getCanaryWeight());
      if (!state.equals(lastState)) {
        lastState = state;
        print("canary", name + " " + state);
      }
      String metrics = metrics(status);
      if (!metrics.isEmpty() && !metrics.equals(lastMetrics)) {
        lastMetrics = metrics;
        print("metrics", metrics);
      }
      String judged = judge(status);
      if (!judged.isEmpty() && !judged.equals(lastJudge)) {
        lastJudge = judged;
        print("judge", judged);
      }
    }
    for (Event event : client.v1().events().inNamespace(namespace).list().getItems()) {
      if (seenEvents.add(event.getMetadata().getName())) {
        if (loopbackEndpoints(event)) {
          if (!loopbackNoted) {
            loopbackNoted = true;
            print(
                "note",
                "the endpoint controllers cannot list Pods at 127.0.0.1 in Endpoints; the router"
                    + " finds the Pods itself (such events are not shown)");
          }
          continue;
        }
        print(
            "Warning".equals(event.getType()) ? "EVENT!" : "event",
            event.getReason() + ": " + event.getMessage());
      }
    }
  }

  /**
   * On the real control plane every Pod is at 127.0.0.1 (the node agent's), which Endpoints and
   * EndpointSlices may not hold: their controllers' refusals, one per Pod change, would drown the
   * canary's own story.
   */
  static boolean loopbackEndpoints(Event event) {
    String reason = Objects.toString(event.getReason(), "");
    return (reason.equals("FailedToUpdateEndpoint")
            || reason.equals("FailedToUpdateEndpointSlices"))
        && Objects.toString(event.getMessage(), "").contains("loopback");
  }

  private static String metrics(CanaryStatus status) {
    if (status.getAnalysis() == null || status.getAnalysis().getMetrics() == null) {
      return "";
    }
    StringBuilder line = new StringBuilder();
    for (MetricStatus metric : status.getAnalysis().getMetrics()) {
      if (line.length() > 0) {
        line.append("  ");
      }
      line.append(metric.getName())
          .append(' ')
          .append(
              metric.getValue() == null
                  ? "none"
                  : String.format(Locale.ROOT, "%.2f", metric.getValue()))
          .append(range(metric))
          .append(' ')
          .append(Objects.toString(metric.getVerdict(), ""));
    }
    return line.toString();
  }

  /**
   * Each signal of the judge: the run's bad and all requests of canary and primary, the evidence
   * against its bound, the verdict; empty without a judge.
   */
  static String judge(CanaryStatus status) {
    if (status.getJudge() == null || status.getJudge().getSignals() == null) {
      return "";
    }
    StringBuilder line = new StringBuilder();
    for (JudgeSignalStatus signal : status.getJudge().getSignals()) {
      if (line.length() > 0) {
        line.append("  ");
      }
      line.append(
          String.format(
              Locale.ROOT,
              "%s %d/%d vs %d/%d evidence %.1f of %.0f %s",
              signal.getName(),
              zero(signal.getCanaryBad()),
              zero(signal.getCanaryRequests()),
              zero(signal.getPrimaryBad()),
              zero(signal.getPrimaryRequests()),
              signal.getEvidence() == null ? 1.0 : signal.getEvidence(),
              signal.getBound() == null ? Double.NaN : signal.getBound(),
              Objects.toString(signal.getVerdict(), "")));
    }
    return line.toString();
  }

  private static long zero(Long value) {
    return value == null ? 0 : value;
  }

  private static String range(MetricStatus metric) {
    if (metric.getMin() != null && metric.getMax() != null) {
      return " (" + metric.getMin() + ".." + metric.getMax() + ")";
    }
    if (metric.getMin() != null) {
      return " (min " + metric.getMin() + ")";
    }
    return metric.getMax() != null ? " (max " + metric.getMax() + ")" : "";
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}

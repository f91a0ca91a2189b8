package dev.sluice.playground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The scenario's knobs, from {@code bin/sluice playground} flags.
 *
 * @param errorRate share of requests the faulty version fails (0..1)
 * @param latency latency the faulty version adds to every request
 * @param requestsPerSecond load sent through the router
 * @param stepWeight canary weight added per step (default canary; overrides a user's when given)
 * @param interval analysis interval (default canary; overrides a user's when given)
 * @param canary the user's Canary manifest, instead of the built-in one
 * @param exitWhenDone run both rollouts, print the outcome and exit (0 when as expected)
 * @param timeout how long both rollouts may take before the playground gives up
 * @param realCluster run on a real control plane rather than the in-memory API
 * @param explicit which of stepWeight / interval were given on the command line
 * @param judge give the canary an {@code analysis.judge} (defaults) and show its evidence
 */
public record PlaygroundOptions(
    double errorRate,
    Duration latency,
    int requestsPerSecond,
    int stepWeight,
    Duration interval,
    Optional<Path> canary,
    boolean exitWhenDone,
    Duration timeout,
    boolean realCluster,
    Explicit explicit,
    boolean judge) {

  /** Flags given on the command line, which override a user's Canary. */
  public record Explicit(boolean stepWeight, boolean interval) {}

  static final String USAGE =
      """
      usage: bin/sluice playground [flags]

      Runs Sluice against an in-memory Kubernetes API (or with --real-cluster a real one) with a
      real Prometheus, a sample app in two versions, a weighted router following Sluice's
      VirtualService and steady load; rolls out a good version (promoted) and a faulty one (rolled
      back), printing a live timeline.

        --error-rate R     share of requests the faulty version fails, 0..1 (default 0.3)
        --latency MS       milliseconds the faulty version adds per request (default 0)
        --rps N            requests per second through the router (default 40)
        --step-weight N    canary weight per step (default 25)
        --interval D       analysis interval, e.g. 3s (default 3s)
        --canary FILE      your Canary manifest (and MetricTemplates/AlertProviders in it)
        --exit-when-done   exit once both rollouts ended: 0 when the good one Succeeded and the
                           faulty one Failed, 1 otherwise
        --timeout D        give up after this long (default 10m)
        --real-cluster     run on a real control plane (etcd, kube-apiserver,
                           kube-controller-manager, as bin/sluice cluster up starts it) with
                           Sluice installed from deploy/ and the controller on its
                           ServiceAccount's token; builds the control plane from Kubernetes' Go
                           modules the first time (about an hour on 2 cores), then starts in
                           seconds
        --judge            give the canary Sluice's judge (analysis.judge, defaults) and show
                           its evidence per step
      """;

  static PlaygroundOptions parse(String... args) {
    double errorRate = 0.3;
    Duration latency = Duration.ZERO;
    int rps = 40;
    int stepWeight = 25;
    Duration interval = Duration.ofSeconds(3);
    Optional<Path> canary = Optional.empty();
    boolean exit = false;
    Duration timeout = Duration.ofMinutes(10);
    boolean stepGiven = false;
    boolean intervalGiven = false;
    boolean realCluster = false;
    boolean judge = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--exit-when-done" -> exit = true;
        case "--real-cluster" -> realCluster = true;
        case "--judge" -> judge = true;
        case "--error-rate" -> errorRate = rate(value(args, ++i, flag));
        case "--latency" -> latency = Duration.ofMillis(positive(value(args, ++i, flag), flag));
        case "--rps" -> rps = (int) positive(value(args, ++i, flag), flag);
        case "--step-weight" -> {
          stepWeight = (int) positive(value(args, ++i, flag), flag);
          if (stepWeight < 1 || stepWeight > 100) {
            throw new IllegalArgumentException("--step-weight must be 1..100");
          }
          stepGiven = true;
        }
        case "--interval" -> {
          interval = duration(value(args, ++i, flag), flag);
          intervalGiven = true;
        }
        case "--timeout" -> timeout = duration(value(args, ++i, flag), flag);
        case "--canary" -> {
          Path path = Path.of(value(args, ++i, flag));
          if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("--canary " + path + ": no such readable file");
          }
          canary = Optional.of(path);
        }
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    return new PlaygroundOptions(
        errorRate,
        latency,
        rps,
        stepWeight,
        interval,
        canary,
        exit,
        timeout,
        realCluster,
        new Explicit(stepGiven, intervalGiven),
        judge);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static double rate(String text) {
    double rate;
    try {
      rate = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--error-rate needs a number, got " + text);
    }
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("--error-rate must be between 0 and 1");
    }
    return rate;
  }

  private static long positive(String text, String flag) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got " + text);
    }
    if (value < 0) {
      throw new IllegalArgumentException(flag + " must not be negative");
    }
    return value;
  }

  /** {@code 3s}, {@code 500ms}, {@code 2m} or plain seconds. */
  static Duration duration(String text, String flag) {
    String t = text.strip();
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": not a duration: " + text);
    }
  }
}

package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.replay.AnalysisLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Decision quality of Sluice's judge against Flagger's rule, simulated: seeded canary runs written
 * as {@code analyze --stdin} JSON lines and decided, line by line, by the same {@link
 * AnalysisLines} the command reads standard input with. Each interval's requests and errors are
 * Poisson counts at the weight the previous answer set; the primary's 60 intervals before the run
 * go on the run's line as its history.
 *
 * <p>Settings of Flagger's tutorial: interval 1m, threshold 5, stepWeight 5, maxWeight 50;
 * Flagger's rule checks {@code request-success-rate >= 99}; the judge ({@code judge: {}} defaults)
 * replaces that check; "judge + success rate" keeps both. Bursty scenarios: each interval each
 * version enters a burst on its own with probability 0.1, and both together with probability 0.05;
 * a burst multiplies the error rate by U(3, 10). Every rule sees run i of a scenario with the same
 * seed.
 *
 * <p>Not a test: it asserts nothing and prints a markdown table and whether the goals are
 * met. Arguments: runs per scenario (default 1000), seed (default 14).
 */
public final class JudgeSimulation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HISTORY = 60;
  private static final int MAX_INTERVALS = 500;
  private static final double OWN_BURST = 0.1;
  private static final double SHARED_BURST = 0.05;

  private static final String FLAGGER_ANALYSIS =
      "{\"interval\":\"1m\",\"threshold\":5,\"stepWeight\":5,\"maxWeight\":50,"
          + "\"metrics\":[{\"name\":\"request-success-rate\",\"thresholdRange\":{\"min\":99},\"interval\":\"1m\"}]}";
  private static final String JUDGE_ANALYSIS =
      "{\"interval\":\"1m\",\"threshold\":5,\"stepWeight\":5,\"maxWeight\":50,\"judge\":{}}";
  private static final String BOTH_ANALYSIS =
      "{\"interval\":\"1m\",\"threshold\":5,\"stepWeight\":5,\"maxWeight\":50,\"judge\":{},"
          + "\"metrics\":[{\"name\":\"request-success-rate\",\"thresholdRange\":{\"min\":99},\"interval\":\"1m\"}]}";

  record Rule(String name, String analysis) {}

  static final List<Rule> RULES =
      List.of(
          new Rule("Flagger (success rate >= 99)", FLAGGER_ANALYSIS),
          new Rule("Sluice judge", JUDGE_ANALYSIS),
          new Rule("judge + success rate 99 kept", BOTH_ANALYSIS));

  /**
   * A simulated service and release.
   *
   * @param perSecond requests per second to the service
   * @param primaryRate the primary's error rate
   * @param canaryRate the canary's error rate
   * @param bursty whether errors come in bursts
   */
  record Scenario(
      String name, double perSecond, double primaryRate, double canaryRate, boolean bursty) {
    boolean healthy() {
      return canaryRate <= primaryRate;
    }
  }

  static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario("quiet 5 req/s, healthy 0.6 %", 5, 0.006, 0.006, false),
          new Scenario("quiet, bursty healthy", 5, 0.006, 0.006, true),
          new Scenario("quiet, broken 5 %", 5, 0.006, 0.05, false),
          new Scenario("quiet, subtle 1.5 %", 5, 0.006, 0.015, false),
          new Scenario("busy 200 req/s, healthy 0.1 %", 200, 0.001, 0.001, false),
          new Scenario("busy, bursty healthy", 200, 0.001, 0.001, true),
          new Scenario("busy, broken 5 %", 200, 0.001, 0.05, false),
          new Scenario("busy, subtle 1.5 %", 200, 0.001, 0.015, false),
          new Scenario("busy, very subtle 0.6 % (6x)", 200, 0.001, 0.006, false));

  /** What one rule did over a scenario's runs. */
  static final class Tally {
    int runs;
    int rolledBack;
    int promoted;
    long badServed;
    long minutes;
    long promotedMinutes;

    double rollbackShare() {
      return runs == 0 ? 0 : (double) rolledBack / runs;
    }

    double meanBad() {
      return runs == 0 ? 0 : (double) badServed / runs;
    }

    double meanMinutes() {
      return runs == 0 ? 0 : (double) minutes / runs;
    }

    double meanPromotedMinutes() {
      return promoted == 0 ? Double.NaN : (double) promotedMinutes / promoted;
    }
  }

  private JudgeSimulation() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 14;
    AnalysisLines lines = new AnalysisLines();
    List<String> rows = new ArrayList<>();
    List<String> goals = new ArrayList<>();
    long started = System.nanoTime();
    long runsDone = 0;
    long intervalsDone = 0;
    for (int s = 0; s < SCENARIOS.size(); s++) {
      Scenario scenario = SCENARIOS.get(s);
      Tally[] tallies = new Tally[RULES.size()];
      for (int r = 0; r < RULES.size(); r++) {
        tallies[r] = new Tally();
        for (int i = 0; i < runs; i++) {
          SplittableRandom random = new SplittableRandom(seed * 1_000_003L + s * 100_003L + i);
          String id = "s" + s + "-r" + r + "-" + i;
          intervalsDone +=
              simulate(lines, id, RULES.get(r).analysis(), scenario, random, tallies[r]);
          runsDone++;
        }
        rows.add(row(scenario, RULES.get(r), tallies[r]));
      }
      goals.addAll(goals(scenario, tallies));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Judge simulation: %d runs per scenario and rule, seed %d%n%n", runs, seed);
    System.out.println(
        "| scenario | rule | false rollbacks (healthy) / stopped (faulty) | bad requests served by the canary (mean) | minutes to decision (mean) | minutes to promotion (mean, healthy) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("Goals (issue 14), Sluice judge:");
    goals.forEach(g -> System.out.println("- " + g));
    System.out.printf(
        Locale.ROOT,
        "%nDriver speed: %d runs (%d intervals) in %.1f s: %.0f runs/s, %.0f intervals/s (simulation included)%n",
        runsDone,
        intervalsDone,
        seconds,
        runsDone / seconds,
        intervalsDone / seconds);
  }

  /** One run through the driver; returns the intervals it took. */
  static int simulate(
      AnalysisLines lines,
      String id,
      String analysis,
      Scenario scenario,
      SplittableRandom random,
      Tally tally)
      throws Exception {
    double perInterval = scenario.perSecond() * 60;
    StringBuilder start = new StringBuilder();
    start
        .append("{\"run\":\"")
        .append(id)
        .append("\",\"analysis\":")
        .append(analysis)
        .append(",\"history\":[");
    for (int h = 0; h < HISTORY; h++) {
      double[] rates = rates(scenario, random);
      long requests = poisson(random, perInterval);
      long errors = Math.min(requests, poisson(random, requests * rates[1]));
      start.append(h == 0 ? "" : ",").append(counts(requests, errors));
    }
    start.append("]}");
    expectNothing(lines.accept(start.toString()).orElse(null));
    int weight = 5;
    long bad = 0;
    for (int n = 1; n <= MAX_INTERVALS; n++) {
      double[] rates = rates(scenario, random);
      long canary = poisson(random, perInterval * weight / 100);
      long primary = poisson(random, perInterval * (100 - weight) / 100);
      long canaryErrors = Math.min(canary, poisson(random, canary * rates[0]));
      long primaryErrors = Math.min(primary, poisson(random, primary * rates[1]));
      bad += canaryErrors;
      String line =
          "{\"run\":\""
              + id
              + "\",\"interval\":"
              + n
              + ",\"weight\":"
              + weight
              + ",\"canary\":"
              + counts(canary, canaryErrors)
              + ",\"primary\":"
              + counts(primary, primaryErrors)
              + "}";
      JsonNode answer = JSON.readTree(lines.accept(line).orElseThrow());
      if (answer.has("error")) {
        throw new IllegalStateException("the driver refused " + line + ": " + answer);
      }
      String decision = answer.get("decision").asText();
      weight = answer.get("weight").asInt();
      if (decision.equals("rollback") || decision.equals("promote")) {
        tally.runs++;
        tally.badServed += bad;
        tally.minutes += n;
        if (decision.equals("rollback")) {
          tally.rolledBack++;
        } else {
          tally.promoted++;
          tally.promotedMinutes += n;
        }
        return n;
      }
    }
    throw new IllegalStateException(
        "run " + id + " undecided after " + MAX_INTERVALS + " intervals");
  }

  private static void expectNothing(String answer) {
    if (answer != null) {
      throw new IllegalStateException("the driver refused a run: " + answer);
    }
  }

  /** This interval's error rates of the canary and the primary, bursts applied. */
  private static double[] rates(Scenario scenario, SplittableRandom random) {
    double canary = scenario.canaryRate();
    double primary = scenario.primaryRate();
    if (scenario.bursty()) {
      if (random.nextDouble() < SHARED_BURST) {
        double m = 3 + 7 * random.nextDouble();
        canary *= m;
        primary *= m;
      }
      if (random.nextDouble() < OWN_BURST) {
        canary *= 3 + 7 * random.nextDouble();
      }
      if (random.nextDouble() < OWN_BURST) {
        primary *= 3 + 7 * random.nextDouble();
      }
    }
    return new double[] {Math.min(1, canary), Math.min(1, primary)};
  }

  private static String counts(long requests, long errors) {
    return "{\"requests\":" + requests + ",\"errors\":" + errors + ",\"slow\":0}";
  }

  /**
   * A Poisson variate: Knuth's product of uniforms below a mean of 30, Hörmann's transformed
   * rejection with squeeze (PTRS, 1993) above.
   */
  static long poisson(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 30) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      long k = 0;
      while (product > limit) {
        k++;
        product *= random.nextDouble();
      }
      return k;
    }
    double slam = Math.sqrt(mean);
    double loglam = Math.log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -mean + k * loglam - logFactorial(k)) {
        return k;
      }
    }
  }

  /** ln k!, by Stirling's series (exact enough beyond 30, where it is used). */
  private static double logFactorial(long k) {
    if (k < 2) {
      return 0;
    }
    double n = k + 1;
    return (n - 0.5) * Math.log(n)
        - n
        + 0.5 * Math.log(2 * Math.PI)
        + 1 / (12 * n)
        - 1 / (360 * n * n * n);
  }

  private static String row(Scenario scenario, Rule rule, Tally tally) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.1f %% | %.1f | %.1f | %s |",
        scenario.name(),
        rule.name(),
        100 * tally.rollbackShare(),
        tally.meanBad(),
        tally.meanMinutes(),
        scenario.healthy()
            ? Double.isNaN(tally.meanPromotedMinutes())
                ? "none promoted"
                : String.format(Locale.ROOT, "%.1f", tally.meanPromotedMinutes())
            : "");
  }

  private static List<String> goals(Scenario scenario, Tally[] tallies) {
    Tally flagger = tallies[0];
    Tally judge = tallies[1];
    List<String> goals = new ArrayList<>();
    if (scenario.healthy()) {
      goals.add(
          String.format(
              Locale.ROOT,
              "%s: false rollbacks %.1f %% (goal <= 1 %%): %s; promoted after %.1f min vs Flagger's %.1f (goal: no later): %s",
              scenario.name(),
              100 * judge.rollbackShare(),
              judge.rollbackShare() <= 0.01 ? "met" : "NOT met",
              judge.meanPromotedMinutes(),
              flagger.meanPromotedMinutes(),
              judge.meanPromotedMinutes() <= flagger.meanPromotedMinutes() ? "met" : "NOT met"));
    } else {
      goals.add(
          String.format(
              Locale.ROOT,
              "%s: stopped %.1f %% (goal >= 99 %%): %s; bad requests %.1f = %.0f %% of Flagger's %.1f (goal <= 25 %%): %s",
              scenario.name(),
              100 * judge.rollbackShare(),
              judge.rollbackShare() >= 0.99 ? "met" : "NOT met",
              judge.meanBad(),
              100 * judge.meanBad() / flagger.meanBad(),
              flagger.meanBad(),
              judge.meanBad() <= 0.25 * flagger.meanBad() ? "met" : "NOT met"));
    }
    return goals;
  }
}

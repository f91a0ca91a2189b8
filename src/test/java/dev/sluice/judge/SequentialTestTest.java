package dev.sluice.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The test's arithmetic against values computed apart (Python's {@code math.lgamma}, formulas
 * written out in the comments), and its promise checked by simulation with a fixed seed.
 */
class SequentialTestTest {
  private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");
  private static final JudgeSettings DEFAULTS = settings(0.01, 0.25);

  @Test
  void steadyErrorsUseTheBinomialLikelihoodRatioOfTheCanarysShare() {
    JudgeSignalStatus start = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
    IntervalCounts counts = interval(100, 3, 900, 7);
    double[] ratios = SequentialTest.logLikelihoodRatios(start, 0.25, counts);
    // θ0 = 100·1.25 / (100·1.25 + 900); for m = 2, r = 2.5 and θ1 = 250 / 1150;
    // 3·ln(θ1/θ0) + 7·ln((1-θ1)/(1-θ0))
    double theta0 = 125.0 / 1025;
    double theta1 = 250.0 / 1150;
    double byHand = 3 * Math.log(theta1 / theta0) + 7 * Math.log((1 - theta1) / (1 - theta0));
    assertEquals(byHand, ratios[1], 1e-12);
    assertEquals(0.9287482438319644, ratios[1], 1e-12);
    assertEquals(-11.89011038570067, ratios[8], 1e-11);

    // a second interval multiplies; the evidence is the average over the nine alternatives
    JudgeSignalStatus one = SequentialTest.observe(start, DEFAULTS, counts, NOW);
    JudgeSignalStatus two = SequentialTest.observe(one, DEFAULTS, interval(200, 1, 800, 9), NOW);
    assertEquals(0.18985473156093005, two.getEvidence(), 1e-12);
    assertEquals(2, two.getIntervals());
    assertEquals(300, two.getCanaryRequests());
    assertEquals(4, two.getCanaryBad());
    assertEquals(1700, two.getPrimaryRequests());
    assertEquals(16, two.getPrimaryBad());
    assertEquals(SequentialTest.PASS, two.getVerdict());
  }

  @Test
  void burstyErrorsUseTheMixtureOverTheHistorysBurstRatios() {
    Baseline bursty =
        new Baseline(60, 0.001, 2.0, List.of(0.5, 1.0, 2.0), List.of(0.25, 0.5, 0.25));
    JudgeSignalStatus start = SequentialTest.start("errors", DEFAULTS, bursty, NOW);
    double[] ratios = SequentialTest.logLikelihoodRatios(start, 0.25, interval(300, 15, 5700, 6));
    // ln Σ w·θ(r·R)^15·(1-θ(r·R))^6 at r = 1.25·m_k, less the same at r = 1.25 (Python)
    assertEquals(4.8953770175269185, ratios[0], 1e-10);
    assertEquals(18.716018106701114, ratios[4], 1e-10);
  }

  @Test
  void canariesWithBurstsOfTheirOwnLikeThePrimarysAreRarelyRolledBack() {
    // a busy service whose versions each have bursts (one interval in ten, 3 to 10 times the
    // rate) and bursts hitting both: a plain binomial test rolls back about one run in six here
    Random random = new Random(44);
    int rolledBack = 0;
    int plainRolledBack = 0;
    for (int run = 0; run < 400; run++) {
      List<Counts> history = new java.util.ArrayList<>();
      for (int i = 0; i < 60; i++) {
        history.add(new Counts(12000, poisson(random, 12 * burst(random) * burst(random))));
      }
      Baseline baseline = Baseline.of(history);
      assertTrue(baseline.bursty());
      JudgeSignalStatus s = SequentialTest.start("errors", DEFAULTS, baseline, NOW);
      JudgeSignalStatus plain = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
      for (int weight = 5; weight <= 50; weight += 5) {
        long canary = 12000L * weight / 100;
        long primary = 12000L - canary;
        double shared = burst(random);
        IntervalCounts counts =
            interval(
                canary,
                poisson(random, canary * 0.001 * shared * burst(random)),
                primary,
                poisson(random, primary * 0.001 * shared * burst(random)));
        if (!SequentialTest.rejects(s)) {
          s = SequentialTest.observe(s, DEFAULTS, counts, NOW);
        }
        if (!SequentialTest.rejects(plain)) {
          plain = SequentialTest.observe(plain, DEFAULTS, counts, NOW);
        }
      }
      rolledBack += SequentialTest.rejects(s) ? 1 : 0;
      plainRolledBack += SequentialTest.rejects(plain) ? 1 : 0;
    }
    assertTrue(rolledBack <= 4, rolledBack + " of 400 bursty healthy canaries rolled back");
    assertTrue(
        plainRolledBack >= 30,
        "the plain binomial test should fail here, or this scenario shows nothing: "
            + plainRolledBack);
  }

  private static double burst(Random random) {
    return random.nextDouble() < 0.1 ? 3 + 7 * random.nextDouble() : 1;
  }

  private static long poisson(Random random, double mean) {
    return BaselineTest.poisson(random, mean);
  }

  @Test
  void aClearlyBrokenCanaryOnABusyServiceRollsBackAfterOneInterval() {
    JudgeSignalStatus start = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
    // weight 5 of 6,000 requests a minute: canary 5 % errors, primary 0.1 %
    JudgeSignalStatus after =
        SequentialTest.observe(start, DEFAULTS, interval(300, 15, 5700, 6), NOW);
    assertTrue(SequentialTest.rejects(after));
    assertTrue(
        after
            .getReason()
            .startsWith("canary errors 15 of 300 vs primary 6 of 5,700: 47.5x, evidence "));
    assertTrue(after.getReason().endsWith(" >= 100"), after.getReason());
  }

  @Test
  void theReasonReadsLikeTheIssuesExample() {
    JudgeSignalStatus s = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
    s.setCanaryBad(31L);
    s.setCanaryRequests(2140L);
    s.setPrimaryBad(18L);
    s.setPrimaryRequests(40660L);
    s.setEvidence(142.4);
    assertEquals(
        "canary errors 31 of 2,140 vs primary 18 of 40,660: 32.7x, evidence 142 >= 100",
        SequentialTest.totals(s, DEFAULTS));
    s.setName("latency");
    s.setEvidence(3.25);
    assertEquals(
        "canary slow requests 31 of 2,140 vs primary 18 of 40,660: 32.7x, evidence 3.3 < 100",
        SequentialTest.totals(s, DEFAULTS));
  }

  @Test
  void anIntervalWithoutTrafficOnBothChangesNothing() {
    JudgeSignalStatus s = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
    s = SequentialTest.observe(s, DEFAULTS, interval(100, 1, 900, 5), NOW);
    JudgeSignalStatus quiet = SequentialTest.observe(s, DEFAULTS, interval(0, 0, 900, 1), NOW);
    assertEquals(s.getEvidence(), quiet.getEvidence());
    assertEquals(s.getIntervals(), quiet.getIntervals());
    assertEquals(SequentialTest.NO_DATA, quiet.getVerdict());
    assertTrue(quiet.getReason().startsWith("no requests to compare this interval (canary 0"));
  }

  @Test
  void aHealthyCanaryIsRolledBackFarLessOftenThanAlphaHoweverOftenItIsLookedAt() {
    // the null's edge itself (canary at 1.25 times the primary's rate), 2,000 runs of 60 looks on
    // a quiet service: Ville's inequality bounds the share that ever reaches 100 by 1 %
    Random random = new Random(42);
    int rolledBack = 0;
    for (int run = 0; run < 2000; run++) {
      JudgeSignalStatus s = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
      for (int i = 0; i < 60 && !SequentialTest.rejects(s); i++) {
        long canary = 15;
        long primary = 285;
        s =
            SequentialTest.observe(
                s,
                DEFAULTS,
                interval(
                    canary,
                    BaselineTest.poisson(random, canary * 0.006 * 1.25),
                    primary,
                    BaselineTest.poisson(random, primary * 0.006)),
                NOW);
      }
      rolledBack += SequentialTest.rejects(s) ? 1 : 0;
    }
    assertTrue(rolledBack <= 20, rolledBack + " of 2,000 runs at the null's edge rolled back");
  }

  @Test
  void aCanarySixTimesWorseIsStoppedOnABusyService() {
    Random random = new Random(43);
    int stopped = 0;
    for (int run = 0; run < 500; run++) {
      JudgeSignalStatus s = SequentialTest.start("errors", DEFAULTS, Baseline.NONE, NOW);
      for (int weight = 5; weight <= 50 && !SequentialTest.rejects(s); weight += 5) {
        long canary = 12000L * weight / 100;
        long primary = 12000L - canary;
        s =
            SequentialTest.observe(
                s,
                DEFAULTS,
                interval(
                    canary,
                    BaselineTest.poisson(random, canary * 0.006),
                    primary,
                    BaselineTest.poisson(random, primary * 0.001)),
                NOW);
      }
      stopped += SequentialTest.rejects(s) ? 1 : 0;
    }
    assertTrue(stopped >= 495, stopped + " of 500 canaries at 6x stopped");
  }

  @Test
  void settingsRefuseWhatCannotBeJudged() {
    dev.sluice.api.v1beta1.CanaryJudge judge = new dev.sluice.api.v1beta1.CanaryJudge();
    judge.setAlpha(1.5);
    judge.setTolerance(-0.1);
    judge.setHistory("an hour");
    JudgeSignal latency = new JudgeSignal();
    latency.setName("latency");
    JudgeSignal custom = new JudgeSignal();
    custom.setName("checkout");
    judge.setSignals(List.of(latency, custom));
    List<String> problems = JudgeSettings.problems(judge);
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("alpha"));
    assertTrue(problems.get(1).contains("tolerance"));
    assertTrue(problems.get(2).contains("history"));
    assertTrue(problems.get(3).contains("slowerThan"));
    assertTrue(problems.get(4).contains("requestsTemplateRef and badTemplateRef"));
    assertFalse(
        JudgeSettings.problems(new dev.sluice.api.v1beta1.CanaryJudge()).iterator().hasNext());
    JudgeSettings defaults = JudgeSettings.of(new dev.sluice.api.v1beta1.CanaryJudge());
    assertEquals(100, defaults.bound(), 1e-12);
    assertEquals(Duration.ofHours(1), defaults.history());
    assertEquals("errors", defaults.signals().get(0).getName());
  }

  static IntervalCounts interval(long nc, long xc, long np, long xp) {
    return new IntervalCounts(new Counts(nc, xc), new Counts(np, xp));
  }

  static JudgeSettings settings(double alpha, double tolerance) {
    JudgeSignal errors = new JudgeSignal();
    errors.setName("errors");
    return new JudgeSettings(alpha, tolerance, Duration.ofHours(1), List.of(errors));
  }
}

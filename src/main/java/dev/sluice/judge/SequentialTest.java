package dev.sluice.judge;

import dev.sluice.api.v1beta1.JudgeSignalStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An anytime-valid sequential test that the canary's rate of bad requests exceeds the primary's by
 * more than the tolerance, over the intervals of a run; its whole state lives in {@link
 * JudgeSignalStatus}, so a restarted controller goes on where the test stood.
 *
 * <p>Each interval is judged on the canary's share of that interval's bad requests, given the
 * interval's requests and bad requests of both ("stratified by interval": a burst that hits both
 * versions at once, or a change of weight, moves both sides alike). Bad requests of a workload are
 * counts with variance {@code (1 + d)} times their mean, {@code d} the dispersion read from the
 * primary's history (0 for steady errors); under that model the canary's share of an interval's
 * {@code x} bad requests is beta-binomial with parameters {@code n_c·r·p/d} and {@code n_p·p/d}
 * ({@code r} the ratio of the canary's rate to the primary's, {@code p} the primary's rate),
 * binomial with {@code θ = n_c·r / (n_c·r + n_p)} when {@code d = 0}.
 *
 * <p>The null hypothesis is {@code r ≤ 1 + tolerance}. For each of a fixed set of alternatives
 * {@code r_k = (1 + tolerance)·m_k} the product over intervals of the likelihood ratio against
 * {@code r = 1 + tolerance} is a test supermartingale under the null (the share is stochastically
 * increasing in {@code r} and the ratio increasing in the count, so its expectation is at most 1
 * for every {@code r} of the null); their average with fixed weights is one too, so by Ville's
 * inequality the chance that it ever reaches {@code 1/alpha} is at most alpha, however many
 * intervals are looked at. Parameters of an interval (dispersion, rate) are fixed from what came
 * before it, which keeps the product a supermartingale.
 */
public final class SequentialTest {
  /** The alternatives mixed, as multiples of {@code 1 + tolerance}; equal weights. */
  static final double[] ALTERNATIVES = {1.5, 2, 3, 5, 8, 13, 20, 40, 100};

  /** Intervals of a run before its own primary counts are used to estimate burstiness. */
  static final int RUN_INTERVALS_FOR_DISPERSION = 3;

  public static final String PASS = "Pass";
  public static final String NO_DATA = "NoData";
  public static final String ROLLBACK = "Rollback";

  private SequentialTest() {}

  /** A signal's state at the start of a run, from the primary's history ({@link Baseline#NONE}). */
  public static JudgeSignalStatus start(
      String signal, JudgeSettings settings, Baseline baseline, Instant now) {
    JudgeSignalStatus status = new JudgeSignalStatus();
    status.setName(signal);
    status.setIntervals(0);
    status.setCanaryRequests(0L);
    status.setCanaryBad(0L);
    status.setPrimaryRequests(0L);
    status.setPrimaryBad(0L);
    status.setPrimaryBadSquaresPerRequest(0.0);
    if (baseline.knowsBurstiness()) {
      status.setBaselineRate(baseline.rate());
      status.setDispersion(baseline.dispersion());
    }
    List<Double> logs = new ArrayList<>();
    for (int k = 0; k < ALTERNATIVES.length; k++) {
      logs.add(0.0);
    }
    status.setLogEvidence(logs);
    status.setEvidence(1.0);
    status.setBound(settings.bound());
    status.setVerdict(PASS);
    status.setReason(
        baseline.knowsBurstiness()
            ? "no interval judged yet; the primary's history: "
                + percent(baseline.rate())
                + " "
                + noun(signal)
                + ", dispersion "
                + format(baseline.dispersion())
            : "no interval judged yet; no history of the primary read, burstiness is learnt from the run");
    status.setLastUpdateTime(stamp(now));
    return status;
  }

  /** The state after one more interval; the state before is left unchanged. */
  public static JudgeSignalStatus observe(
      JudgeSignalStatus before, JudgeSettings settings, IntervalCounts counts, Instant now) {
    JudgeSignalStatus after = copy(before);
    after.setLastUpdateTime(stamp(now));
    after.setBound(settings.bound());
    if (!counts.hasTraffic()) {
      after.setVerdict(rejects(before) ? ROLLBACK : NO_DATA);
      after.setReason(
          "no requests to compare this interval (canary "
              + counts.canary().requests()
              + ", primary "
              + counts.primary().requests()
              + "); "
              + totals(before, settings));
      return after;
    }
    double[] step = logLikelihoodRatios(before, settings.tolerance(), counts);
    List<Double> logs = new ArrayList<>(before.getLogEvidence());
    for (int k = 0; k < step.length; k++) {
      logs.set(k, logs.get(k) + step[k]);
    }
    after.setLogEvidence(logs);
    after.setEvidence(mixture(logs));
    after.setIntervals(before.getIntervals() + 1);
    after.setCanaryRequests(before.getCanaryRequests() + counts.canary().requests());
    after.setCanaryBad(before.getCanaryBad() + counts.canary().bad());
    after.setPrimaryRequests(before.getPrimaryRequests() + counts.primary().requests());
    after.setPrimaryBad(before.getPrimaryBad() + counts.primary().bad());
    after.setPrimaryBadSquaresPerRequest(
        before.getPrimaryBadSquaresPerRequest()
            + (double) counts.primary().bad()
                * counts.primary().bad()
                / counts.primary().requests());
    after.setVerdict(after.getEvidence() >= settings.bound() ? ROLLBACK : PASS);
    after.setReason(totals(after, settings));
    return after;
  }

  /** A signal that could not be read this interval: its evidence stays, the reason says why. */
  public static JudgeSignalStatus unread(
      JudgeSignalStatus before, JudgeSettings settings, String why, Instant now) {
    JudgeSignalStatus after = copy(before);
    after.setLastUpdateTime(stamp(now));
    after.setBound(settings.bound());
    after.setVerdict(rejects(before) ? ROLLBACK : NO_DATA);
    after.setReason(why + "; " + totals(before, settings));
    return after;
  }

  /** How many alternatives the evidence mixes: the length of {@code logEvidence}. */
  public static int alternatives() {
    return ALTERNATIVES.length;
  }

  /** Whether the signal's evidence has reached its bound. */
  public static boolean rejects(JudgeSignalStatus status) {
    return ROLLBACK.equals(status.getVerdict());
  }

  /**
   * The log likelihood ratio of each alternative against the null's edge, for one interval, with
   * the dispersion and rate known before it.
   */
  static double[] logLikelihoodRatios(
      JudgeSignalStatus before, double tolerance, IntervalCounts counts) {
    double nc = counts.canary().requests();
    double np = counts.primary().requests();
    long xc = counts.canary().bad();
    long xp = counts.primary().bad();
    double[] ratios = new double[ALTERNATIVES.length];
    if (xc + xp == 0) {
      return ratios;
    }
    double edge = 1 + tolerance;
    double[] model = dispersionAndRate(before);
    double d = model[0];
    double p = model[1];
    for (int k = 0; k < ALTERNATIVES.length; k++) {
      double r = edge * ALTERNATIVES[k];
      if (d > 0 && p > 0) {
        double b = np * p / d;
        double a0 = nc * edge * p / d;
        double a1 = nc * r * p / d;
        ratios[k] = logBetaBinomial(xc, xp, a1, b) - logBetaBinomial(xc, xp, a0, b);
      } else {
        double theta0 = nc * edge / (nc * edge + np);
        double theta1 = nc * r / (nc * r + np);
        ratios[k] = xc * Math.log(theta1 / theta0) + xp * Math.log((1 - theta1) / (1 - theta0));
      }
    }
    return ratios;
  }

  /**
   * The dispersion and the primary's rate an interval is judged with: the history's when it was
   * long enough; else what the run's own primary counts so far say, once there are {@link
   * #RUN_INTERVALS_FOR_DISPERSION}; else steady errors (0).
   */
  static double[] dispersionAndRate(JudgeSignalStatus before) {
    if (before.getDispersion() != null && before.getBaselineRate() != null) {
      return new double[] {before.getDispersion(), before.getBaselineRate()};
    }
    int k = before.getIntervals();
    long bad = before.getPrimaryBad();
    if (k < RUN_INTERVALS_FOR_DISPERSION || bad == 0) {
      return new double[] {0, 0};
    }
    double p = (double) bad / before.getPrimaryRequests();
    double pearson = before.getPrimaryBadSquaresPerRequest() / p - bad;
    return new double[] {Baseline.dispersion(pearson, k - 1), p};
  }

  /**
   * {@code ln B(x_c + a, x_p + b) - ln B(a, b)}: the beta-binomial's log mass without C(x, x_c).
   */
  private static double logBetaBinomial(long xc, long xp, double a, double b) {
    return LogGamma.beta(xc + a, xp + b) - LogGamma.beta(a, b);
  }

  /** The average of {@code exp(log)} over the alternatives, computed without overflow. */
  static double mixture(List<Double> logs) {
    double max = logs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double sum = 0;
    for (double log : logs) {
      sum += Math.exp(log - max);
    }
    return Math.exp(max) * sum / logs.size();
  }

  /**
   * The counts so far and the evidence in words, e.g. {@code canary errors 31 of 2,140 vs primary
   * 18 of 40,660: 6.9x, evidence 142 > 100}.
   */
  static String totals(JudgeSignalStatus s, JudgeSettings settings) {
    String noun = noun(s.getName());
    String canary =
        "canary " + noun + " " + count(s.getCanaryBad()) + " of " + count(s.getCanaryRequests());
    String primary = "primary " + count(s.getPrimaryBad()) + " of " + count(s.getPrimaryRequests());
    String ratio;
    if (s.getCanaryRequests() == 0 || s.getPrimaryRequests() == 0) {
      ratio = "no interval with traffic on both yet";
    } else if (s.getPrimaryBad() == 0) {
      ratio = s.getCanaryBad() == 0 ? "none on either" : "none on the primary";
    } else {
      double canaryRate = (double) s.getCanaryBad() / s.getCanaryRequests();
      double primaryRate = (double) s.getPrimaryBad() / s.getPrimaryRequests();
      ratio = String.format(Locale.US, "%,.1fx", canaryRate / primaryRate);
    }
    double evidence = s.getEvidence();
    String comparison = evidence >= settings.bound() ? " >= " : " < ";
    return canary
        + " vs "
        + primary
        + ": "
        + ratio
        + ", evidence "
        + format(evidence)
        + comparison
        + format(settings.bound());
  }

  private static String noun(String signal) {
    return switch (signal) {
      case "errors" -> "errors";
      case "latency" -> "slow requests";
      default -> signal;
    };
  }

  private static String count(long n) {
    return String.format(Locale.US, "%,d", n);
  }

  private static String percent(double rate) {
    return String.format(Locale.US, "%.3g%%", rate * 100);
  }

  /** Two significant digits below 10, whole numbers with grouping above. */
  static String format(double value) {
    if (Double.isInfinite(value)) {
      return "inf";
    }
    if (Math.abs(value) < 10) {
      return String.format(Locale.US, "%.1f", value);
    }
    return String.format(Locale.US, "%,.0f", value);
  }

  private static String stamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static JudgeSignalStatus copy(JudgeSignalStatus s) {
    JudgeSignalStatus c = new JudgeSignalStatus();
    c.setName(s.getName());
    c.setIntervals(s.getIntervals());
    c.setCanaryRequests(s.getCanaryRequests());
    c.setCanaryBad(s.getCanaryBad());
    c.setPrimaryRequests(s.getPrimaryRequests());
    c.setPrimaryBad(s.getPrimaryBad());
    c.setPrimaryBadSquaresPerRequest(s.getPrimaryBadSquaresPerRequest());
    c.setBaselineRate(s.getBaselineRate());
    c.setDispersion(s.getDispersion());
    c.setLogEvidence(s.getLogEvidence() == null ? null : new ArrayList<>(s.getLogEvidence()));
    c.setEvidence(s.getEvidence());
    c.setBound(s.getBound());
    c.setVerdict(s.getVerdict());
    c.setReason(s.getReason());
    c.setLastUpdateTime(s.getLastUpdateTime());
    return c;
  }
}

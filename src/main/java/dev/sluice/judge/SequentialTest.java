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
 * interval's requests and bad requests of both ("stratified by interval"): a burst that hits both
 * versions at once, a busy hour or a change of weight moves both sides alike and cancels. With
 * {@code r} the ratio of the canary's rate to the primary's, the share of {@code x} bad requests is
 * binomial with {@code θ = n_c·r / (n_c·r + n_p)}. When the primary's history shows bursts ({@link
 * Baseline}), each version may also have bursts of its own: the share is then a mixture of
 * binomials over the burst ratios learnt from that history, {@code θ = n_c·r·R / (n_c·r·R + n_p)}.
 *
 * <p>The null hypothesis is {@code r ≤ 1 + tolerance}. For each of a fixed set of alternatives
 * {@code r_k = (1 + tolerance)·m_k}, the product over intervals of the likelihood ratio against
 * {@code r = 1 + tolerance} is a test supermartingale under the null (binomial: the share is
 * stochastically increasing in {@code r} and the ratio increasing in the count, so its expectation
 * is at most 1 for every {@code r} of the null); their average with fixed weights is one too, so by
 * Ville's inequality the chance that it ever reaches {@code 1/alpha} is at most alpha, however many
 * intervals are looked at. With burst ratios this holds as long as the canary's own bursts are like
 * the primary's were (checked by simulation, not proven: a mixture need not keep the ratio
 * monotone). What an interval is judged with is fixed before the run (from the history), which
 * keeps the product a supermartingale.
 */
public final class SequentialTest {
  /** The alternatives mixed, as multiples of {@code 1 + tolerance}; equal weights. */
  static final double[] ALTERNATIVES = {1.5, 2, 3, 5, 8, 13, 20, 40, 100};

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
    if (baseline.intervals() > 0) {
      status.setBaselineRate(baseline.rate());
      status.setDispersion(baseline.dispersion());
    }
    if (baseline.bursty()) {
      status.setBurstRatios(baseline.ratios());
      status.setBurstWeights(baseline.weights());
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
        baseline.intervals() == 0
            ? "no interval judged yet; no history of the primary read: bursts of one version alone"
                + " are not allowed for"
            : "no interval judged yet; the primary's history: "
                + percent(baseline.rate())
                + " "
                + noun(signal)
                + (baseline.bursty()
                    ? ", in bursts (dispersion " + format(baseline.dispersion()) + ")"
                    : ", steady"));
    status.setLastUpdateTime(stamp(now));
    return status;
  }

  /** The state after one more interval; the state before is left unchanged. */
  public static JudgeSignalStatus observe(
      JudgeSignalStatus before, JudgeSettings settings, IntervalCounts counts, Instant now) {
    if (!counts.hasTraffic()) {
      return unread(
          before,
          settings,
          "no requests to compare this interval (canary "
              + counts.canary().requests()
              + ", primary "
              + counts.primary().requests()
              + ")",
          now);
    }
    JudgeSignalStatus after = copy(before);
    after.setLastUpdateTime(stamp(now));
    after.setBound(settings.bound());
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
   * the burst ratios fixed before the run.
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
    List<Double> bursts = before.getBurstRatios();
    List<Double> weights = before.getBurstWeights();
    boolean bursty =
        bursts != null && weights != null && !bursts.isEmpty() && bursts.size() == weights.size();
    double edge = 1 + tolerance;
    double atEdge =
        bursty
            ? logMixture(xc, xp, nc, np, edge, bursts, weights)
            : logBinomial(xc, xp, nc, np, edge);
    for (int k = 0; k < ALTERNATIVES.length; k++) {
      double r = edge * ALTERNATIVES[k];
      double alternative =
          bursty ? logMixture(xc, xp, nc, np, r, bursts, weights) : logBinomial(xc, xp, nc, np, r);
      ratios[k] = alternative - atEdge;
    }
    return ratios;
  }

  /** The binomial's log mass of the canary's share at ratio r, without C(x, x_c). */
  private static double logBinomial(long xc, long xp, double nc, double np, double r) {
    double theta = nc * r / (nc * r + np);
    return xc * Math.log(theta) + xp * Math.log1p(-theta);
  }

  /** The log mass of the mixture over burst ratios R of binomials at ratio r·R. */
  private static double logMixture(
      long xc, long xp, double nc, double np, double r, List<Double> bursts, List<Double> weights) {
    double[] terms = new double[bursts.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < terms.length; i++) {
      terms[i] = Math.log(weights.get(i)) + logBinomial(xc, xp, nc, np, r * bursts.get(i));
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (double term : terms) {
      sum += Math.exp(term - max);
    }
    return max + Math.log(sum);
  }

  /** The average of {@code exp(log)} over the alternatives, computed without overflow. */
  static double mixture(List<Double> logs) {
    double max = logs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double sum = 0;
    for (double log : logs) {
      sum += Math.exp(log - max);
    }
    double mixture = Math.exp(max) * sum / logs.size();
    // status is JSON, which has no infinity: evidence that large is past any bound anyway
    return Double.isFinite(mixture) ? mixture : Double.MAX_VALUE;
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

  /** One decimal below 10, whole numbers with grouping up to a million, powers of ten above. */
  public static String format(double value) {
    if (Double.isInfinite(value)) {
      return "inf";
    }
    if (Math.abs(value) >= 1e6) {
      // a clearly broken canary's evidence has hundreds of digits; its size is what matters
      return String.format(Locale.US, "%.1e", value);
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
    c.setBaselineRate(s.getBaselineRate());
    c.setDispersion(s.getDispersion());
    c.setBurstRatios(s.getBurstRatios());
    c.setBurstWeights(s.getBurstWeights());
    c.setLogEvidence(s.getLogEvidence() == null ? null : new ArrayList<>(s.getLogEvidence()));
    c.setEvidence(s.getEvidence());
    c.setBound(s.getBound());
    c.setVerdict(s.getVerdict());
    c.setReason(s.getReason());
    c.setLastUpdateTime(s.getLastUpdateTime());
    return c;
  }
}

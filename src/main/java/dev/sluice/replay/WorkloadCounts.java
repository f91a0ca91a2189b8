package dev.sluice.replay;

import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.judge.Counts;

/**
 * One workload's requests over an interval, with the failed ones (5xx) and the slow ones among
 * them: what a replay reads per interval, for the canary and for the primary.
 *
 * @param requests all requests
 * @param errors requests answered with a 5xx; never more than requests
 * @param slow requests slower than the latency signal's bound; never more than requests
 */
public record WorkloadCounts(long requests, long errors, long slow) {
  public static final WorkloadCounts NONE = new WorkloadCounts(0, 0, 0);

  public WorkloadCounts {
    if (requests < 0 || errors < 0 || slow < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    if (errors > requests) {
      throw new IllegalArgumentException(errors + " errors of " + requests + " requests");
    }
    if (slow > requests) {
      throw new IllegalArgumentException(slow + " slow requests of " + requests + " requests");
    }
  }

  /**
   * The counts of one of the judge's builtin signals: errors for {@code errors}, slow requests for
   * {@code latency}.
   */
  public Counts of(String signal) {
    return switch (signal) {
      case JudgeSignal.ERRORS -> new Counts(requests, errors);
      case JudgeSignal.LATENCY -> new Counts(requests, slow);
      default -> throw new IllegalArgumentException("no builtin signal " + signal);
    };
  }
}

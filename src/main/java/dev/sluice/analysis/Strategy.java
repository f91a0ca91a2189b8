package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;

/** How a run moves traffic, chosen from the spec as Flagger chooses it. */
public enum Strategy {
  /** Weights stepped by {@code stepWeight} or along {@code stepWeights}. */
  CANARY,
  /** {@code iterations} checks with the canary out of the live path, then a switch. */
  BLUE_GREEN,
  /** {@code iterations} checks with requests that match {@code analysis.match} on the canary. */
  AB_TESTING;

  public static Strategy of(CanarySpec spec) {
    CanaryAnalysis analysis = spec.getAnalysis();
    boolean iterations = analysis.getIterations() != null && analysis.getIterations() > 0;
    boolean match = analysis.getMatch() != null && !analysis.getMatch().isEmpty();
    if (iterations && match) {
      return AB_TESTING;
    }
    return iterations ? BLUE_GREEN : CANARY;
  }

  /** Flagger's name for the {@code deployment_strategy} metric label. */
  public String label() {
    return switch (this) {
      case CANARY -> "canary";
      case BLUE_GREEN -> "blue_green";
      case AB_TESTING -> "ab_testing";
    };
  }

  /** The traffic plan in words, as Flagger's start-of-run alert shows it. */
  public String describe(CanaryAnalysis analysis) {
    return switch (this) {
      case CANARY ->
          analysis.getStepWeights() != null && !analysis.getStepWeights().isEmpty()
              ? "Weight steps: " + analysis.getStepWeights()
              : "Weight step: "
                  + analysis.getStepWeight()
                  + " max: "
                  + WeightStepper.maxWeight(analysis);
      case BLUE_GREEN -> "Blue/Green, " + analysis.getIterations() + " iterations";
      case AB_TESTING -> "A/B Testing, " + analysis.getIterations() + " iterations";
    };
  }
}

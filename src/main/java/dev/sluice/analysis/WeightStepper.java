package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import java.util.List;

/** The weights of a weighted canary run: along {@code stepWeights}, or by {@code stepWeight}. */
public final class WeightStepper {
  private WeightStepper() {}

  /** The highest canary weight of a run. */
  public static int maxWeight(CanaryAnalysis analysis) {
    List<Integer> steps = analysis.getStepWeights();
    if (steps != null && !steps.isEmpty()) {
      return steps.get(steps.size() - 1);
    }
    return analysis.getMaxWeight() == null ? 100 : analysis.getMaxWeight();
  }

  /** The weight after {@code current}, or {@code current} itself when the run is at its top. */
  public static int next(CanaryAnalysis analysis, int current) {
    List<Integer> steps = analysis.getStepWeights();
    if (steps != null && !steps.isEmpty()) {
      return steps.stream().filter(w -> w > current).findFirst().orElse(current);
    }
    int step = analysis.getStepWeight() == null ? 0 : analysis.getStepWeight();
    return Math.min(current + step, maxWeight(analysis));
  }

  /** The canary weight after one promotion step of {@code stepWeightPromotion}, or 0. */
  public static int promotionStep(CanaryAnalysis analysis, int canaryWeight) {
    Integer step = analysis.getStepWeightPromotion();
    if (step == null || step <= 0) {
      return 0;
    }
    return Math.max(0, canaryWeight - step);
  }
}

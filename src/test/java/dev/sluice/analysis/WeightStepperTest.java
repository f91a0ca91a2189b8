package dev.sluice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightStepperTest {

  private static CanaryAnalysis step(Integer step, Integer max) {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setStepWeight(step);
    analysis.setMaxWeight(max);
    return analysis;
  }

  @Test
  void stepWeightIsCappedAtMaxWeight() {
    // given step 30, max 50: 0 -> 30 -> 50 -> 50 (top)
    CanaryAnalysis analysis = step(30, 50);
    assertEquals(30, WeightStepper.next(analysis, 0));
    assertEquals(50, WeightStepper.next(analysis, 30));
    assertEquals(50, WeightStepper.next(analysis, 50));
    assertEquals(50, WeightStepper.maxWeight(analysis));
  }

  @Test
  void missingMaxWeightMeansOneHundred() {
    CanaryAnalysis analysis = step(40, null);
    assertEquals(100, WeightStepper.maxWeight(analysis));
    assertEquals(100, WeightStepper.next(analysis, 80));
    assertEquals(100, WeightStepper.next(analysis, 100));
  }

  @Test
  void missingStepWeightDoesNotMove() {
    // the validator rejects this spec; the stepper must still not invent a step
    assertEquals(0, WeightStepper.next(step(null, 50), 0));
  }

  @Test
  void maxWeightLoweredBelowTheCurrentWeightIsTheTop() {
    // given a run at 60 whose maxWeight was edited down to 40
    int next = WeightStepper.next(step(10, 40), 60);

    // then the stepper does not go up, which the run reads as "at the top"
    assertEquals(40, next);
  }

  @Test
  void stepWeightsAreFollowedInOrderAndMaxWeightIsIgnored() {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setStepWeights(List.of(1, 10, 50, 80));
    analysis.setMaxWeight(30);
    assertEquals(80, WeightStepper.maxWeight(analysis));
    assertEquals(1, WeightStepper.next(analysis, 0));
    assertEquals(10, WeightStepper.next(analysis, 1));
    assertEquals(50, WeightStepper.next(analysis, 10));
    assertEquals(80, WeightStepper.next(analysis, 50));
    assertEquals(80, WeightStepper.next(analysis, 80));
  }

  @Test
  void stepWeightsResumeAboveAWeightThatIsNotListed() {
    // given a run at 30 whose stepWeights were edited to 20, 40, 60
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setStepWeights(List.of(20, 40, 60));

    // then it goes to the next listed weight above, never back down
    assertEquals(40, WeightStepper.next(analysis, 30));
  }

  @Test
  void emptyStepWeightsFallBackToStepWeight() {
    CanaryAnalysis analysis = step(25, 50);
    analysis.setStepWeights(List.of());
    assertEquals(25, WeightStepper.next(analysis, 0));
    assertEquals(50, WeightStepper.maxWeight(analysis));
  }

  @Test
  void promotionStepWalksDownToZero() {
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setStepWeightPromotion(30);
    assertEquals(20, WeightStepper.promotionStep(analysis, 50));
    assertEquals(0, WeightStepper.promotionStep(analysis, 20));
    assertEquals(0, WeightStepper.promotionStep(analysis, 30));
    assertEquals(70, WeightStepper.promotionStep(analysis, 100));
  }

  @Test
  void noPositiveStepWeightPromotionMovesAllTrafficAtOnce() {
    CanaryAnalysis analysis = new CanaryAnalysis();
    assertEquals(0, WeightStepper.promotionStep(analysis, 60));
    analysis.setStepWeightPromotion(0);
    assertEquals(0, WeightStepper.promotionStep(analysis, 60));
    analysis.setStepWeightPromotion(-5);
    assertEquals(0, WeightStepper.promotionStep(analysis, 60));
  }
}

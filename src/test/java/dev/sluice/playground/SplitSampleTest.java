package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitSampleTest {

  @Test
  void aSplitWithinFourStandardDeviationsPasses() {
    // given: 20% expected of 2000, sd ≈ 0.9 points, so 4 sd ≈ 3.6 points
    List<SplitSample> samples = List.of(new SplitSample(20, 1570, 430));

    // when / then: 21.5% is off by 1.5 points
    assertEquals(List.of(), SplitSample.violations(samples, 0.01));
  }

  @Test
  void aSplitBeyondToleranceAndDeviationIsReported() {
    // given: 30% went to a canary weighted 20
    List<SplitSample> samples = List.of(new SplitSample(20, 1400, 600));

    // when
    List<String> violations = SplitSample.violations(samples, 0.02);

    // then
    assertEquals(1, violations.size());
    assertEquals(
        "canary weight 20: 600 of 2000 requests (30.0%) went to the canary, expected 20% ± 3.6%",
        violations.get(0));
  }

  @Test
  void smallSamplesAreNotJudgedAndFullWeightsUseTheTolerance() {
    // given
    List<SplitSample> samples =
        List.of(
            new SplitSample(0, 100, 99), new SplitSample(100, 3, 297), new SplitSample(0, 290, 10));

    // when / then: the first is too small; 1% off at weight 100 passes a 2% tolerance; 3.3% fails
    assertEquals(1, SplitSample.violations(samples, 0.02).size());
  }
}

package dev.sluice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyTest {

  private static CanarySpec spec(CanaryAnalysis analysis) {
    CanarySpec spec = new CanarySpec();
    spec.setAnalysis(analysis);
    return spec;
  }

  @Test
  void matchAndIterationsIsAbTesting() {
    assertEquals(Strategy.AB_TESTING, Strategy.of(spec(Canaries.abTesting(5))));
    assertEquals("ab_testing", Strategy.AB_TESTING.label());
  }

  @Test
  void iterationsAloneIsBlueGreen() {
    assertEquals(Strategy.BLUE_GREEN, Strategy.of(spec(Canaries.iterations(5))));
    assertEquals("blue_green", Strategy.BLUE_GREEN.label());
  }

  @Test
  void emptyMatchWithIterationsIsBlueGreen() {
    CanaryAnalysis analysis = Canaries.iterations(5);
    analysis.setMatch(List.of());
    assertEquals(Strategy.BLUE_GREEN, Strategy.of(spec(analysis)));
  }

  @Test
  void weightsAreACanary() {
    assertEquals(Strategy.CANARY, Strategy.of(spec(Canaries.stepWeight(10, 50))));
    assertEquals(Strategy.CANARY, Strategy.of(spec(Canaries.stepWeights(5, 50))));
    assertEquals("canary", Strategy.CANARY.label());
  }

  @Test
  void matchWithoutIterationsIsACanary() {
    // as in Flagger: match without iterations does not make an A/B test
    CanaryAnalysis analysis = Canaries.abTesting(0);
    analysis.setStepWeight(10);
    assertEquals(Strategy.CANARY, Strategy.of(spec(analysis)));
    analysis.setIterations(null);
    assertEquals(Strategy.CANARY, Strategy.of(spec(analysis)));
  }

  @Test
  void iterationsWinOverWeights() {
    CanaryAnalysis analysis = Canaries.iterations(3);
    analysis.setStepWeight(10);
    assertEquals(Strategy.BLUE_GREEN, Strategy.of(spec(analysis)));
  }
}

package dev.sluice.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineTest {

  @Test
  void burstyHistoryGivesItsPearsonDispersion() {
    // 1, 3, 0, 8, 3 errors of 1000: rate 0.003, X² = (4 + 0 + 9 + 25 + 0) / 3 = 12.67 over 4
    // degrees of freedom, under chi-squared's 99th percentile 13.28: steady errors do as much
    List<Counts> mild = counts(1000, 1, 3, 0, 8, 3);
    Baseline baseline = Baseline.of(mild);
    assertEquals(5, baseline.intervals());
    assertEquals(0.003, baseline.rate(), 1e-15);
    assertEquals(0, baseline.dispersion());
    assertFalse(baseline.bursty());
    // 0, 0, 0, 20, 0: rate 0.004, X² = (4 · 16 + 256) / 4 = 80 over 4: dispersion 80/4 - 1 = 19
    Baseline burst = Baseline.of(counts(1000, 0, 0, 0, 20, 0));
    assertEquals(19, burst.dispersion(), 1e-12);
    assertFalse(burst.bursty(), "five intervals are too few to learn burst ratios from");
  }

  @Test
  void burstRatiosAreThoseOfPairsOfIntervalsShrunkToTheExcessOverChance() {
    // ten intervals: eight at 10 of 1000, two at 60: rate 0.02, X² = (8·100 + 2·1600) / 20 = 200
    // over 9: dispersion 200/9 - 1; multipliers 0.5 and 3, shrunk by sqrt(1 - 9/200)
    Baseline baseline = Baseline.of(counts(1000, 10, 10, 10, 10, 10, 10, 10, 10, 60, 60));
    assertEquals(200.0 / 9 - 1, baseline.dispersion(), 1e-12);
    assertTrue(baseline.bursty());
    double shrink = Math.sqrt(1 - 9.0 / 200);
    double low = 1 + shrink * (0.5 - 1);
    double high = 1 + shrink * (3 - 1);
    // pairs: 56 low/low and 2 high/high at ratio 1, 16 at high/low, 16 at low/high, of 90
    assertEquals(1.0, baseline.weights().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    assertEquals(16.0 / 90, baseline.weights().get(0), 1e-12);
    assertEquals(58.0 / 90, baseline.weights().get(1), 1e-12);
    assertEquals(16.0 / 90, baseline.weights().get(2), 1e-12);
    // the outer bins' centres lie half a bin inside the extreme ratios
    double halfBin = 2 * Math.log(high / low) / Baseline.BINS / 2;
    assertEquals(Math.exp(Math.log(low / high) + halfBin), baseline.ratios().get(0), 1e-9);
    assertEquals(Math.exp(Math.log(high / low) - halfBin), baseline.ratios().get(2), 1e-9);
  }

  @Test
  void chiSquaredPercentileIsCloseToTheTables() {
    // tables: 9.210 (2), 15.086 (5), 88.379 (60)
    assertEquals(9.210, Baseline.chiSquared99(2), 0.1);
    assertEquals(15.086, Baseline.chiSquared99(5), 0.05);
    assertEquals(88.379, Baseline.chiSquared99(60), 0.05);
  }

  @Test
  void steadyHistoryReadsAsSteadyAlmostAlways() {
    Random random = new Random(7);
    int bursty = 0;
    for (int history = 0; history < 500; history++) {
      List<Counts> intervals = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        intervals.add(new Counts(12000, poisson(random, 12)));
      }
      if (Baseline.of(intervals).dispersion() > 0) {
        bursty++;
      }
    }
    // about 1 % by construction; 15 of 500 would be 3 %
    assertTrue(bursty < 15, bursty + " of 500 steady histories read as bursty");
  }

  @Test
  void emptyOrShortHistorySaysNothingAboutBurstiness() {
    assertEquals(Baseline.NONE, Baseline.of(List.of()));
    assertEquals(Baseline.NONE, Baseline.of(List.of(Counts.NONE, Counts.NONE)));
    // steady-looking or short: no burst ratios; a bursty history of ten intervals has them
    assertFalse(Baseline.of(counts(100, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1)).bursty());
    assertFalse(Baseline.of(counts(100, 0, 0, 0, 0, 40)).bursty());
    assertTrue(Baseline.of(counts(100, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0)).bursty());
    assertEquals(0, Baseline.of(counts(100, 0, 0, 0)).dispersion());
  }

  static List<Counts> counts(long requests, long... bad) {
    List<Counts> list = new ArrayList<>();
    for (long b : bad) {
      list.add(new Counts(requests, b));
    }
    return list;
  }

  static long poisson(Random random, double mean) {
    // Knuth's method: fine for the small means of these tests
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }
}

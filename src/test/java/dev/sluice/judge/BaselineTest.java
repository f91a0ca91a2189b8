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
    // 0, 0, 0, 20, 0: rate 0.004, X² = (4 · 16 + 256) / 4 = 80 over 4: dispersion 80/4 - 1 = 19
    Baseline burst = Baseline.of(counts(1000, 0, 0, 0, 20, 0));
    assertEquals(19, burst.dispersion(), 1e-12);
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
    assertFalse(Baseline.of(counts(100, 1, 2, 3)).knowsBurstiness());
    assertTrue(Baseline.of(counts(100, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1)).knowsBurstiness());
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

package dev.sluice.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogGammaTest {

  @Test
  void matchesFactorialsAndKnownValues() {
    assertEquals(0, LogGamma.of(1), 1e-14);
    assertEquals(0, LogGamma.of(2), 1e-14);
    assertEquals(Math.log(362880), LogGamma.of(10), 1e-12);
    assertEquals(0.5 * Math.log(Math.PI), LogGamma.of(0.5), 1e-13);
    // C's lgamma (Python's math.lgamma) for the rest
    assertEquals(4.599479878042022, LogGamma.of(0.01), 1e-12);
    assertEquals(1.4280723266653883, LogGamma.of(3.7), 1e-12);
    assertEquals(12815504.569147611, LogGamma.of(1e6), 1e-6);
  }

  @Test
  void refusesWhatItIsNotDefinedFor() {
    assertThrows(IllegalArgumentException.class, () -> LogGamma.of(0));
    assertThrows(IllegalArgumentException.class, () -> LogGamma.of(-1.5));
    assertThrows(IllegalArgumentException.class, () -> LogGamma.of(Double.NaN));
  }
}

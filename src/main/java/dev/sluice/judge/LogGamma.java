package dev.sluice.judge;

/** The natural logarithm of the gamma function, which the JDK lacks. */
final class LogGamma {
  // Lanczos' approximation with g = 7 and nine coefficients (as in Numerical Recipes and most
  // libraries): relative error below 1e-13 for positive arguments.
  private static final double G = 7;
  private static final double[] COEFFICIENTS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private LogGamma() {}

  /** {@code ln Γ(x)} for {@code x > 0}. */
  static double of(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("ln Γ is defined here for positive numbers only: " + x);
    }
    if (x < 0.5) {
      // reflection: Γ(x) Γ(1 - x) = π / sin(π x)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - of(1 - x);
    }
    double z = x - 1;
    double sum = COEFFICIENTS[0];
    for (int i = 1; i < COEFFICIENTS.length; i++) {
      sum += COEFFICIENTS[i] / (z + i);
    }
    double t = z + G + 0.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** {@code ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b)}. */
  static double beta(double a, double b) {
    return of(a) + of(b) - of(a + b);
  }
}

package dev.sluice.traffic;

/** RE2 (the regex dialect of Istio and Gateway API implementations) as routers write it. */
public final class Re2 {
  private static final String SPECIAL = "\\.+*?()|[]{}^$";

  private Re2() {}

  /** {@code text} as an RE2 pattern that matches exactly that text. */
  public static String literal(String text) {
    StringBuilder pattern = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      if (SPECIAL.indexOf(c) >= 0) {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.toString();
  }
}

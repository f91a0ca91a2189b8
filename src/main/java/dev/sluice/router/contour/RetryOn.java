package dev.sluice.router.contour;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Istio's {@code retries.retryOn} (a comma-separated list of Envoy retry conditions and HTTP status
 * codes) split the way Contour's {@code retryPolicy} takes it: conditions from Contour's enum,
 * status codes apart, and whatever Contour does not know.
 */
record RetryOn(List<String> conditions, List<Integer> statusCodes, List<String> unknown) {

  /** The retry conditions Contour's HTTPProxy CRD accepts in {@code retryPolicy.retryOn}. */
  static final Set<String> CONTOUR_CONDITIONS =
      Set.of(
          "5xx",
          "gateway-error",
          "reset",
          "connect-failure",
          "retriable-4xx",
          "refused-stream",
          "retriable-status-codes",
          "retriable-headers",
          "cancelled",
          "deadline-exceeded",
          "internal",
          "resource-exhausted",
          "unavailable");

  private static final String STATUS_CODES = "retriable-status-codes";

  /** Splits {@code retryOn}; null or blank is empty. */
  static RetryOn parse(String retryOn) {
    List<String> conditions = new ArrayList<>();
    List<Integer> codes = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (retryOn != null) {
      for (String raw : retryOn.split(",")) {
        String token = raw.trim();
        if (token.isEmpty()) {
          continue;
        }
        if (token.matches("[1-5][0-9][0-9]")) {
          codes.add(Integer.parseInt(token));
        } else if (CONTOUR_CONDITIONS.contains(token)) {
          if (!conditions.contains(token)) {
            conditions.add(token);
          }
        } else {
          unknown.add(token);
        }
      }
    }
    // Envoy only retries on listed codes when this condition is on; Istio adds it the same way
    if (!codes.isEmpty() && !conditions.contains(STATUS_CODES)) {
      conditions.add(STATUS_CODES);
    }
    return new RetryOn(List.copyOf(conditions), List.copyOf(codes), List.copyOf(unknown));
  }
}

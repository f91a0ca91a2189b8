package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.SessionAffinity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * Session affinity ({@code analysis.sessionAffinity}) as Flagger does it on Gateway API: while the
 * canary gets traffic, its responses set a cookie, and a rule ahead of the weighted one sends every
 * request carrying that cookie to the canary, so a user who reached the new version stays on it.
 */
final class StickySession {

  /** Flagger's lifetime when {@code maxAge} is not set: one day. */
  static final int DEFAULT_MAX_AGE = 86400;

  private StickySession() {}

  /**
   * The cookie {@code name=value} of the current run. Flagger stores a random value in the status;
   * the model must be pure and give the same answer on every tick, so the value is derived from the
   * canary's uid and revision instead: stable during a run, new with each revision. A value already
   * in the status (a run Flagger started) is kept, so its users stay on the canary.
   */
  static String cookie(Canary canary) {
    CanaryStatus status = canary.getStatus();
    if (status != null && status.getSessionAffinityCookie() != null) {
      return status.getSessionAffinityCookie();
    }
    String revision = status == null ? null : status.getLastAppliedSpec();
    String name = canary.getSpec().getAnalysis().getSessionAffinity().getCookieName();
    return name + "=" + token(canary.getMetadata().getUid() + "/" + revision);
  }

  /** The {@code Set-Cookie} value: the cookie and the attributes the canary sets. */
  static String setCookie(Canary canary) {
    SessionAffinity affinity = canary.getSpec().getAnalysis().getSessionAffinity();
    StringJoiner header = new StringJoiner("; ");
    header.add(cookie(canary));
    int maxAge =
        affinity.getMaxAge() == null || affinity.getMaxAge() == 0
            ? DEFAULT_MAX_AGE
            : affinity.getMaxAge();
    header.add("Max-Age=" + maxAge);
    addIfSet(header, "Domain", affinity.getDomain());
    addIfSet(header, "Path", affinity.getPath());
    addIfSet(header, "SameSite", affinity.getSameSite());
    addIfTrue(header, "HttpOnly", affinity.getHttpOnly());
    addIfTrue(header, "Secure", affinity.getSecure());
    addIfTrue(header, "Partitioned", affinity.getPartitioned());
    return header.toString();
  }

  private static void addIfSet(StringJoiner header, String attribute, String value) {
    if (value != null && !value.isBlank()) {
      header.add(attribute + "=" + value);
    }
  }

  private static void addIfTrue(StringJoiner header, String attribute, Boolean value) {
    if (Boolean.TRUE.equals(value)) {
      header.add(attribute);
    }
  }

  private static String token(String seed) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}

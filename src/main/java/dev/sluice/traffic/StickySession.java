package dev.sluice.traffic;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.api.v1beta1.SessionAffinity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Session affinity ({@code analysis.sessionAffinity}) as Flagger does it on Istio and Gateway API,
 * shared by both routers: while the canary has weight, its responses set a cookie and a route ahead
 * of the weighted one sends every request carrying that cookie to the canary, so a user who reached
 * the new version stays on it. With {@code primaryCookieName}, the primary's responses set a cookie
 * too that keeps its holder on the primary for one analysis interval.
 *
 * <p>Where the values live: {@code status.sessionAffinityCookie} is the cookie of the current run
 * and {@code status.previousSessionAffinityCookie} that of the run before; both are written once,
 * when a run starts ({@link #startRun}), so that every router tick reads the same answer. Flagger
 * draws them at random inside its router while setting weights, and draws the primary cookie anew
 * on each step; here the primary cookie is derived from the run's cookie and the step's weight (new
 * on each step, the same on every tick of a step), so it needs no status of its own and {@code
 * status.primarySessionAffinityCookie} is left as found.
 *
 * <p>Expiring: a cookie that is no longer the live one (the previous run's, and the current run's
 * once the canary is back at weight 0) is matched by a route to the primary whose responses delete
 * it ({@code Max-Age=-1}). Flagger does this only at weight 0; here the previous run's cookie is
 * deleted during the next run as well, and the deletion carries the cookie's {@code Domain} and
 * {@code Path}, without which a browser keeps a cookie that was set with them.
 */
public final class StickySession {

  /** Flagger's lifetime of the canary cookie when {@code maxAge} is not set: one day. */
  static final int DEFAULT_MAX_AGE = 86400;

  /** Flagger's default analysis interval, the primary cookie's lifetime when none is set. */
  private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** RFC 6265 token: what a cookie name may be. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  private StickySession() {}

  /** Whether the canary asks for session affinity. */
  public static boolean enabled(Canary canary) {
    CanaryAnalysis analysis = canary.getSpec().getAnalysis();
    return analysis != null && analysis.getSessionAffinity() != null;
  }

  /**
   * The cookie {@code name=value} of the current run: {@code status.sessionAffinityCookie} (written
   * at run start, or by Flagger), else one derived from the canary's uid and revision, so that a
   * run started before session affinity was turned on still gets a stable cookie.
   */
  public static String cookie(Canary canary) {
    return current(canary, canary.getStatus());
  }

  /**
   * The cookie of the primary for the step at {@code canaryWeight}; empty without {@code
   * primaryCookieName} or at weight 0. New with every step, so a user pinned to the primary is
   * split again at the next step.
   */
  public static Optional<String> primaryCookie(Canary canary, int canaryWeight) {
    String name = affinity(canary).getPrimaryCookieName();
    if (name == null || name.isBlank() || canaryWeight <= 0) {
      return Optional.empty();
    }
    return Optional.of(name + "=" + token(cookie(canary) + "/" + canaryWeight));
  }

  /**
   * Cookies of one name to delete. A browser deletes a cookie by name (with its domain and path),
   * whatever its value, so one response header serves every value of the name.
   */
  public record Expiry(String name, List<String> cookies) {}

  /**
   * The recorded cookies to delete at {@code canaryWeight}, grouped by name: the current run's once
   * the canary is back at weight 0 (while it has weight, that one is live), and the previous run's.
   * A cookie never recorded was never handed out by a run Sluice started, so none is derived here.
   */
  public static List<Expiry> expired(Canary canary, int canaryWeight) {
    Set<String> cookies = new LinkedHashSet<>();
    CanaryStatus status = canary.getStatus();
    if (status != null && status.getSessionAffinityCookie() != null && canaryWeight <= 0) {
      cookies.add(status.getSessionAffinityCookie());
    }
    if (status != null && status.getPreviousSessionAffinityCookie() != null) {
      cookies.add(status.getPreviousSessionAffinityCookie());
    }
    if (canaryWeight > 0) {
      cookies.remove(cookie(canary));
    }
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (String cookie : cookies) {
      byName.computeIfAbsent(nameOf(cookie), name -> new ArrayList<>()).add(cookie);
    }
    List<Expiry> expired = new ArrayList<>();
    byName.forEach((name, values) -> expired.add(new Expiry(name, List.copyOf(values))));
    return expired;
  }

  /** The canary's {@code Set-Cookie} value: the run's cookie, its lifetime and attributes. */
  public static String setCookie(Canary canary) {
    SessionAffinity affinity = affinity(canary);
    int maxAge =
        affinity.getMaxAge() == null || affinity.getMaxAge() <= 0
            ? DEFAULT_MAX_AGE
            : affinity.getMaxAge();
    return withAttributes(affinity, cookie(canary), maxAge, true);
  }

  /**
   * The primary's {@code Set-Cookie} value for a primary cookie: it lives one analysis interval, as
   * in Flagger, so that it is gone when the next step starts.
   */
  public static String setPrimaryCookie(Canary canary, String primaryCookie) {
    long seconds = interval(canary.getSpec().getAnalysis()).toSeconds();
    return withAttributes(affinity(canary), primaryCookie, Math.max(1, seconds), true);
  }

  /** A {@code Set-Cookie} value that deletes the expired cookies where the canary set them. */
  public static String expireCookie(Canary canary, Expiry expiry) {
    return withAttributes(affinity(canary), expiry.cookies().get(0), -1, false);
  }

  /** The name part of a cookie {@code name=value}. */
  public static String nameOf(String cookie) {
    int equals = cookie.indexOf('=');
    return equals < 0 ? cookie : cookie.substring(0, equals);
  }

  /**
   * An RE2 pattern for a {@code Cookie} header that carries {@code cookie} ({@code name=value}).
   */
  public static String cookieHeaderPattern(String cookie) {
    return ".*" + Re2.literal(cookie) + ".*";
  }

  /**
   * Records a new run in {@code next} (the status being decided, which already holds the new
   * revision in {@code lastAppliedSpec}): the cookie the run had so far becomes the previous one,
   * and the run gets a cookie of its own from the canary's uid, the revision and the time the run
   * starts, so that even a second run of the same revision gets a new one. Nothing is recorded for
   * a canary without session affinity, nor at initialization, which starts no run.
   *
   * @param before the status before this tick
   */
  public static void startRun(Canary canary, CanaryStatus before, CanaryStatus next, Instant now) {
    if (!enabled(canary)
        || before.getPhase() == null
        || before.getPhase() == CanaryPhase.Initializing) {
      return;
    }
    if (before.getSessionAffinityCookie() != null) {
      next.setPreviousSessionAffinityCookie(before.getSessionAffinityCookie());
    }
    next.setSessionAffinityCookie(
        affinity(canary).getCookieName()
            + "="
            + token(canary.getMetadata().getUid() + "/" + next.getLastAppliedSpec() + "/" + now));
  }

  /**
   * What makes {@code analysis.sessionAffinity} impossible to act on for a router that pins
   * sessions, each naming the field: a cookie name a browser would not keep, the same name for both
   * cookies, and strategies that split no user by weight (A/B testing and blue/green, where Flagger
   * ignores the setting silently). Whether the provider can pin sessions at all is the provider's
   * to say.
   */
  public static List<String> problems(CanarySpec spec) {
    CanaryAnalysis analysis = spec.getAnalysis();
    SessionAffinity affinity = analysis == null ? null : analysis.getSessionAffinity();
    if (affinity == null) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    String name = affinity.getCookieName();
    if (name == null || !TOKEN.matcher(name).matches()) {
      problems.add("analysis.sessionAffinity.cookieName '" + name + "' is not a cookie name");
    }
    String primary = affinity.getPrimaryCookieName();
    if (primary != null && !TOKEN.matcher(primary).matches()) {
      problems.add(
          "analysis.sessionAffinity.primaryCookieName '" + primary + "' is not a cookie name");
    } else if (primary != null && primary.equals(name)) {
      problems.add(
          "analysis.sessionAffinity.primaryCookieName must differ from cookieName '" + name + "'");
    }
    if (analysis.getMatch() != null && !analysis.getMatch().isEmpty()) {
      problems.add(
          "analysis.sessionAffinity does not combine with analysis.match: A/B testing routes by the"
              + " match conditions; unset one");
    } else if (analysis.getIterations() != null && analysis.getIterations() > 0) {
      problems.add(
          "analysis.sessionAffinity needs weighted steps (stepWeight or stepWeights): with"
              + " analysis.iterations every user moves at once");
    }
    return problems;
  }

  private static String current(Canary canary, CanaryStatus status) {
    if (status != null && status.getSessionAffinityCookie() != null) {
      return status.getSessionAffinityCookie();
    }
    String revision = status == null ? null : status.getLastAppliedSpec();
    return affinity(canary).getCookieName()
        + "="
        + token(canary.getMetadata().getUid() + "/" + revision);
  }

  private static SessionAffinity affinity(Canary canary) {
    return canary.getSpec().getAnalysis().getSessionAffinity();
  }

  private static Duration interval(CanaryAnalysis analysis) {
    String interval = analysis.getInterval();
    return interval == null || interval.isBlank() ? DEFAULT_INTERVAL : GoDuration.parse(interval);
  }

  /**
   * The cookie and its attributes. A deletion keeps only {@code Domain} and {@code Path}, which
   * select the cookie to delete.
   */
  private static String withAttributes(
      SessionAffinity affinity, String cookie, long maxAge, boolean all) {
    StringJoiner header = new StringJoiner("; ");
    header.add(cookie);
    header.add("Max-Age=" + maxAge);
    addIfSet(header, "Domain", affinity.getDomain());
    addIfSet(header, "Path", affinity.getPath());
    if (all) {
      addIfSet(header, "SameSite", affinity.getSameSite());
      addIfTrue(header, "HttpOnly", affinity.getHttpOnly());
      addIfTrue(header, "Secure", affinity.getSecure());
      addIfTrue(header, "Partitioned", affinity.getPartitioned());
    }
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

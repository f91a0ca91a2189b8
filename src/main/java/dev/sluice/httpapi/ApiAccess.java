package dev.sluice.httpapi;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may call the HTTP API and what they may do. As a route handler, it authenticates the caller
 * by the bearer token of the {@code Authorization} header (401 without one the API server accepts)
 * and records them on the request; the route then asks {@link #require} or {@link #mayList} about
 * the canary it touches (403 when RBAC does not allow it).
 *
 * <p>There is no exception for callers on loopback or inside the cluster: a canary's webhooks are
 * called from Sluice's own process, so an address says nothing about who is asking.
 *
 * <p>The handler blocks on the TokenReview: register it with {@code blockingHandler}.
 */
@ApplicationScoped
class ApiAccess implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(ApiAccess.class);
  private static final String BEARER = "bearer ";
  private static final String CALLER = "sluice.caller";

  @Inject ApiConfig config;
  @Inject KubernetesReviews reviews;

  void sayHowCallersAreChecked(@Observes StartupEvent event) {
    if (config.auth() == ApiConfig.Auth.STATIC_TOKEN) {
      if (config.token().filter(t -> !t.isBlank()).isEmpty()) {
        LOG.error(
            "sluice.api.auth=static-token without sluice.api.token: every call to the HTTP API"
                + " is refused");
      } else {
        LOG.warn(
            "sluice.api.auth=static-token: whoever holds sluice.api.token may promote, abort"
                + " and open the gates of every canary; for development only");
      }
    } else if (config.token().isPresent()) {
      LOG.warn(
          "sluice.api.token is ignored: the HTTP API authenticates Kubernetes tokens"
              + " (TokenReview) unless sluice.api.auth=static-token");
    }
  }

  /** Passes the request on with its caller recorded, or answers 401. */
  @Override
  public void handle(RoutingContext rc) {
    Optional<Caller> caller = bearer(rc.request().getHeader("Authorization")).flatMap(this::caller);
    if (caller.isPresent()) {
      rc.put(CALLER, caller.get());
      rc.next();
    } else {
      rc.response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer")
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("a bearer token the Kubernetes API server accepts is required\n");
    }
  }

  /**
   * @throws ForbiddenException unless the caller may {@code verb} the canary {@code ref}
   */
  void require(RoutingContext rc, String verb, CanaryRef ref) {
    Caller caller = rc.get(CALLER);
    if (!reviews.allows(caller, verb, ref.namespace(), ref.name())) {
      throw new ForbiddenException(
          caller
              + " may not "
              + verb
              + " canaries/"
              + ref.name()
              + " in namespace "
              + ref.namespace());
    }
  }

  /** Whether the caller may list the canaries in {@code namespace} (empty: cluster-wide). */
  boolean mayList(RoutingContext rc, String namespace) {
    return reviews.allows(rc.get(CALLER), "list", namespace, null);
  }

  /** Who is calling, for log lines: the user name, never the token. */
  static String caller(RoutingContext rc) {
    Object caller = rc.get(CALLER);
    return caller == null ? "anonymous" : caller.toString();
  }

  private Optional<Caller> caller(String token) {
    if (config.auth() == ApiConfig.Auth.KUBERNETES) {
      return reviews.authenticate(token);
    }
    return config
        .token()
        .filter(expected -> !expected.isBlank() && sameToken(token, expected))
        .map(expected -> Caller.STATIC_TOKEN);
  }

  /** The token of a {@code Bearer} authorization header, if it carries one. */
  static Optional<String> bearer(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(BEARER.length()).trim()).filter(t -> !t.isEmpty());
  }

  /**
   * Compares digests in constant time, so neither the content nor the length of the static token
   * leaks through response times.
   */
  static boolean sameToken(String presented, String expected) {
    return MessageDigest.isEqual(sha256(presented), sha256(expected));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

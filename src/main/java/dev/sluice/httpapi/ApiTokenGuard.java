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
 * Guards the mutating endpoints (opening and closing gates, control requests) with the bearer token
 * of {@code sluice.api.token}, when one is set; checks, approve/halt and reads stay open because
 * the controller's own webhooks call them without credentials.
 */
@ApplicationScoped
class ApiTokenGuard implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(ApiTokenGuard.class);
  private static final String BEARER = "bearer ";

  @Inject ApiConfig config;

  void warnWhenOpen(@Observes StartupEvent event) {
    if (config.token().isEmpty()) {
      LOG.warn(
          "sluice.api.token is not set: anyone who reaches the HTTP port can open gates and"
              + " promote or abort canaries; set the token (SLUICE_API_TOKEN, from a Secret) or"
              + " restrict the port with a NetworkPolicy");
    }
  }

  /** Passes the request on when no token is configured or it carries the right one; else 401. */
  @Override
  public void handle(RoutingContext rc) {
    if (authorized(config.token(), rc.request().getHeader("Authorization"))) {
      rc.next();
    } else {
      rc.response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer")
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("missing or wrong bearer token\n");
    }
  }

  /**
   * Whether {@code authorization} (the header, possibly null) carries {@code token}. Compares
   * digests in constant time, so neither the content nor the length of the token leaks through
   * response times.
   */
  static boolean authorized(Optional<String> token, String authorization) {
    if (token.isEmpty()) {
      return true;
    }
    if (authorization == null
        || authorization.length() < BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    String presented = authorization.substring(BEARER.length()).trim();
    return MessageDigest.isEqual(sha256(presented), sha256(token.get()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

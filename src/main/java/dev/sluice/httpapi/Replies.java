package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** How the HTTP API answers: short text for people and webhooks, JSON for the control API. */
final class Replies {
  private static final Logger LOG = Logger.getLogger(Replies.class);

  /** Key under which a handler records the canary it acts on, for the failure log line. */
  static final String CANARY = "sluice.canary";

  private Replies() {}

  static void text(RoutingContext rc, int status, String body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body + "\n");
  }

  static void json(RoutingContext rc, int status, JsonNode body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toString());
  }

  /**
   * Failure handler of every route: a refused request is a 400 with its reason; a call the caller
   * may not make is a 403 saying what was not allowed, and one log line; an API server that fails
   * is a 502 and one log line; anything else is a 500. A failing gate check thereby keeps the gate
   * closed, as any non-2xx answer does for Flagger.
   */
  static void failure(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof BadRequestException bad) {
      text(rc, 400, oneLine(bad.getMessage()));
      return;
    }
    Object canary = rc.get(CANARY);
    String subject = canary == null ? rc.request().path() : canary.toString();
    if (failure instanceof ForbiddenException forbidden) {
      LOG.infof(
          "%s: refused %s %s from %s: %s",
          subject,
          rc.request().method(),
          rc.request().path(),
          rc.request().remoteAddress().hostAddress(),
          forbidden.getMessage());
      text(rc, 403, oneLine(forbidden.getMessage()));
      return;
    }
    if (failure instanceof KubernetesClientException e) {
      LOG.warnf("%s: Kubernetes API call failed: %s", subject, oneLine(e.getMessage()));
      text(rc, 502, "Kubernetes API call failed (HTTP " + e.getCode() + ")");
    } else if (failure != null) {
      LOG.errorf(failure, "%s: %s failed", subject, rc.request().path());
      text(rc, 500, "internal error");
    } else {
      text(rc, rc.statusCode() > 0 ? rc.statusCode() : 500, "request failed");
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}

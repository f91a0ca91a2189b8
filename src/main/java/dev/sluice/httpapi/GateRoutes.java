package dev.sluice.httpapi;

import dev.sluice.api.v1beta1.ControlAnnotations;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Manual gates served by Sluice, compatible with Flagger's load tester: point a {@code
 * confirm-rollout}, {@code confirm-promotion} or {@code confirm-traffic-increase} webhook at {@code
 * /gate/check} and a {@code rollback} webhook at {@code /rollback/check}. A gate's state is an
 * annotation on the Canary, so it survives restarts and is shared by replicas; it stays open until
 * closed.
 *
 * <p>Every body is Flagger's webhook payload; only {@code name} and {@code namespace} are read.
 *
 * <p>Opening and closing a gate needs a Kubernetes bearer token whose user may {@code patch} the
 * canary. The checks, approve and halt need none: Flagger-style webhooks (Sluice's own, called from
 * its own process) carry no credentials, and these routes only read one gate's state.
 */
@ApplicationScoped
class GateRoutes {
  private static final Logger LOG = Logger.getLogger(GateRoutes.class);
  // Flagger's payload is a few hundred bytes; its metadata map is the only part that can grow.
  // Vert.x reads the body before any user handler, the authentication included, so the limit is
  // also what an unauthenticated caller can make Sluice buffer.
  static final long BODY_LIMIT = 64 * 1024;

  @Inject CanaryAnnotations canaries;
  @Inject ApiAccess access;

  void routes(@Observes Router router) {
    router.post("/gate/approve").handler(rc -> Replies.text(rc, 200, "Approved"));
    router.post("/gate/halt").handler(rc -> Replies.text(rc, 403, "Forbidden"));
    gate(router, "/gate", ControlAnnotations.GATE);
    gate(router, "/rollback", ControlAnnotations.ROLLBACK_GATE);
  }

  private void gate(Router router, String prefix, String annotation) {
    router
        .post(prefix + "/check")
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .blockingHandler(rc -> check(rc, annotation), false)
        .failureHandler(Replies::failure);
    router
        .post(prefix + "/open")
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .blockingHandler(access, false)
        .blockingHandler(rc -> setGate(rc, prefix, annotation, true), false)
        .failureHandler(Replies::failure);
    router
        .post(prefix + "/close")
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .blockingHandler(access, false)
        .blockingHandler(rc -> setGate(rc, prefix, annotation, false), false)
        .failureHandler(Replies::failure);
  }

  private void check(RoutingContext rc, String annotation) {
    CanaryRef ref = canaryOf(rc);
    var canary = canaries.get(ref);
    if (canary.isEmpty()) {
      Replies.text(rc, 404, "canary " + ref + " not found");
      return;
    }
    var annotations = canary.get().getMetadata().getAnnotations();
    boolean open =
        annotations != null && ControlAnnotations.OPEN.equals(annotations.get(annotation));
    if (open) {
      Replies.text(rc, 200, "Approved");
    } else {
      Replies.text(rc, 403, "Forbidden");
    }
  }

  private void setGate(RoutingContext rc, String prefix, String annotation, boolean open) {
    CanaryRef ref = canaryOf(rc);
    access.require(rc, "patch", ref);
    boolean found =
        open
            ? canaries.set(ref, annotation, ControlAnnotations.OPEN)
            : canaries.remove(ref, annotation);
    if (!found) {
      Replies.text(rc, 404, "canary " + ref + " not found");
      return;
    }
    String action = prefix.substring(1) + (open ? " open" : " close");
    LOG.infof(
        "%s: %s by %s from %s",
        ref, action, ApiAccess.caller(rc), rc.request().remoteAddress().hostAddress());
    Replies.text(rc, 202, (open ? "Gate opened" : "Gate closed") + " for " + ref);
  }

  private static CanaryRef canaryOf(RoutingContext rc) {
    CanaryRef ref = CanaryRef.fromWebhookPayload(rc.body().asString());
    rc.put(Replies.CANARY, ref);
    return ref;
  }
}

package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.ControlRequest;
import dev.sluice.api.v1beta1.ControlAnnotations;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runtime-control API: one-off requests (promote, abort, pause, resume, skip) written as the
 * {@link ControlAnnotations#REQUEST} annotation for the controller to carry out, and reads of the
 * canaries' stored status.
 */
@ApplicationScoped
class ControlRoutes {
  private static final Logger LOG = Logger.getLogger(ControlRoutes.class);
  static final String CANARY = "/api/v1/namespaces/:namespace/canaries/:name";

  @Inject CanaryAnnotations canaries;
  @Inject ApiTokenGuard guard;
  @Inject Clock clock;

  void routes(@Observes Router router) {
    router
        .post(CANARY + "/:action")
        .handler(guard)
        .blockingHandler(this::request, false)
        .failureHandler(Replies::failure);
    router.get(CANARY).blockingHandler(this::show, false).failureHandler(Replies::failure);
    router
        .get("/api/v1/canaries")
        .blockingHandler(this::list, false)
        .failureHandler(Replies::failure);
  }

  private void request(RoutingContext rc) {
    String actionName = rc.pathParam("action");
    ControlRequest.Action action =
        ControlRequest.Action.named(actionName)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "unknown action "
                            + actionName
                            + "; valid: "
                            + ControlRequest.Action.valid()));
    CanaryRef ref = canaryOf(rc);
    String value = action.newRequest(clock.millis());
    if (!canaries.set(ref, ControlAnnotations.REQUEST, value)) {
      Replies.text(rc, 404, "canary " + ref + " not found");
      return;
    }
    LOG.infof("%s: %s requested by %s", ref, value, rc.request().remoteAddress().hostAddress());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("request", value);
    body.put("canary", ref.toString());
    Replies.json(rc, 202, body);
  }

  private void show(RoutingContext rc) {
    CanaryRef ref = canaryOf(rc);
    canaries
        .get(ref)
        .ifPresentOrElse(
            canary -> Replies.json(rc, 200, CanaryView.detail(canary)),
            () -> Replies.text(rc, 404, "canary " + ref + " not found"));
  }

  private void list(RoutingContext rc) {
    Optional<String> namespace =
        Optional.ofNullable(rc.queryParams().get("namespace")).filter(ns -> !ns.isEmpty());
    namespace.ifPresent(ns -> CanaryRef.checkName("namespace", ns));
    Replies.json(rc, 200, CanaryView.summaries(canaries.list(namespace)));
  }

  private static CanaryRef canaryOf(RoutingContext rc) {
    CanaryRef ref = new CanaryRef(rc.pathParam("namespace"), rc.pathParam("name"));
    rc.put(Replies.CANARY, ref);
    return ref;
  }
}

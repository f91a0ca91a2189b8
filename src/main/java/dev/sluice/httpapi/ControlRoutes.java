package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.ControlRequest;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
import dev.sluice.kube.ClusterCache;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runtime-control API: one-off requests (promote, abort, pause, resume, skip) written as the
 * {@link ControlAnnotations#REQUEST} annotation for the controller to carry out, and reads of the
 * canaries' stored status. A request needs {@code patch} on the canary (what {@code kubectl
 * annotate} needs for the same effect), reading one needs {@code get}, and the list shows the
 * namespaces where the caller may {@code list} canaries.
 */
@ApplicationScoped
class ControlRoutes {
  private static final Logger LOG = Logger.getLogger(ControlRoutes.class);
  static final String CANARY = "/api/v1/namespaces/:namespace/canaries/:name";

  @Inject CanaryAnnotations canaries;
  @Inject ApiAccess access;
  @Inject ClusterCache cache;
  @Inject Clock clock;

  void routes(@Observes Router router) {
    router
        .post(CANARY + "/:action")
        .blockingHandler(access, false)
        .blockingHandler(this::request, false)
        .failureHandler(Replies::failure);
    router
        .get(CANARY)
        .blockingHandler(access, false)
        .blockingHandler(this::show, false)
        .failureHandler(Replies::failure);
    router
        .get("/api/v1/canaries")
        .blockingHandler(access, false)
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
    access.require(rc, "patch", ref);
    String value = action.newRequest(clock.millis());
    if (!canaries.set(ref, ControlAnnotations.REQUEST, value)) {
      Replies.text(rc, 404, "canary " + ref + " not found");
      return;
    }
    LOG.infof(
        "%s: %s requested by %s from %s",
        ref, value, ApiAccess.caller(rc), rc.request().remoteAddress().hostAddress());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("request", value);
    body.put("canary", ref.toString());
    Replies.json(rc, 202, body);
  }

  private void show(RoutingContext rc) {
    CanaryRef ref = canaryOf(rc);
    access.require(rc, "get", ref);
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
    if (namespace.isPresent() && !access.mayList(rc, namespace.get())) {
      throw new ForbiddenException(
          ApiAccess.caller(rc) + " may not list canaries in namespace " + namespace.get());
    }
    Replies.json(rc, 200, CanaryView.summaries(visible(rc, namespace)));
  }

  /**
   * The canaries the caller may list, from the informers: one SubjectAccessReview for the whole
   * cluster, else one per namespace that has canaries (both cached), never a list call per request.
   */
  private List<Canary> visible(RoutingContext rc, Optional<String> namespace) {
    boolean everywhere = namespace.isEmpty() && access.mayList(rc, "");
    Map<String, Boolean> allowed = new HashMap<>();
    return cache.canaries().stream()
        .filter(c -> namespace.map(ns -> ns.equals(c.getMetadata().getNamespace())).orElse(true))
        .filter(
            c ->
                namespace.isPresent()
                    || everywhere
                    || allowed.computeIfAbsent(
                        c.getMetadata().getNamespace(), ns -> access.mayList(rc, ns)))
        .sorted(
            Comparator.comparing((Canary c) -> c.getMetadata().getNamespace())
                .thenComparing(c -> c.getMetadata().getName()))
        .toList();
  }

  private static CanaryRef canaryOf(RoutingContext rc) {
    CanaryRef ref = new CanaryRef(rc.pathParam("namespace"), rc.pathParam("name"));
    rc.put(Replies.CANARY, ref);
    return ref;
  }
}

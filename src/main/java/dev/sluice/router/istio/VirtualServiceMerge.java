package dev.sluice.router.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.router.Handover;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lands the desired VirtualService on the live one, changing only what the Canary owns. Flagger
 * owns the whole object and overwrites whatever users add; Sluice shares it:
 *
 * <ul>
 *   <li>Owned, and put back when someone edits them: {@code spec.hosts} and {@code spec.gateways}
 *       (a host or gateway the Canary does not list is removed), the HTTP routes named {@code
 *       sluice-*} (each exactly as the Canary says: a field added to one or a value changed in one
 *       is undone), the labels and annotations the Canary sets, and the owner reference.
 *   <li>Left alone: every other HTTP route, kept in its order ahead of Sluice's (whose last route
 *       is the catch-all, so a route after it would never be reached), {@code tcp}, {@code tls},
 *       {@code exportTo}, every other spec field, and others' labels and annotations.
 * </ul>
 *
 * <p>Pure: builds an object, talks to no server.
 */
final class VirtualServiceMerge {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OWNED_WHOLE = List.of("hosts", "gateways");

  private VirtualServiceMerge() {}

  /**
   * The object to write so that {@code live} says what {@code desired} (from {@link
   * VirtualServiceModel}) says in the parts the Canary owns, with everything else from {@code
   * live}; empty when {@code live} already does.
   */
  static Optional<GenericKubernetesResource> onto(
      GenericKubernetesResource live, GenericKubernetesResource desired) {
    ObjectNode liveTree = JSON.valueToTree(live);
    ObjectNode wanted = JSON.valueToTree(desired);
    ObjectNode result = liveTree.deepCopy();
    ObjectNode spec = specOf(result);
    ObjectNode desiredSpec = specOf(wanted);
    for (String field : OWNED_WHOLE) {
      spec.remove(field);
      if (desiredSpec.has(field)) {
        spec.set(field, desiredSpec.get(field));
      }
    }
    ArrayNode http = spec.putArray("http");
    OwnedRoutes.users(specOf(liveTree).path("http"), desired.getMetadata().getName())
        .forEach(http::add);
    desiredSpec.path("http").forEach(http::add);
    mergeMetadata((ObjectNode) result.get("metadata"), (ObjectNode) wanted.get("metadata"));
    if (sameJson(result, liveTree)) {
      return Optional.empty();
    }
    ((ObjectNode) result.get("metadata")).remove("managedFields");
    return Optional.of(JSON.convertValue(result, GenericKubernetesResource.class));
  }

  /**
   * What is left of {@code live} when the Canary goes, if anything of others' is in it: their
   * routes, {@code tcp} or {@code tls}. Sluice's routes give way to one catch-all to the apex
   * Service (which the finalizer has pointed at the target's pods), named after it; the owner
   * reference to the Canary and Flux's opt-out marks go, so that the object is the user's from now
   * on and the garbage collector leaves it. Empty when nothing of others' is there: then the whole
   * VirtualService goes, and Istio routes the apex host to the apex Service by itself.
   */
  static Optional<GenericKubernetesResource> released(
      GenericKubernetesResource live, Canary canary) {
    ObjectNode result = JSON.valueToTree(live);
    ObjectNode spec = specOf(result);
    List<JsonNode> users = new ArrayList<>();
    for (JsonNode route : OwnedRoutes.users(spec.path("http"), canary.apexName())) {
      // the catch-all of an earlier release: the finalizer may run more than once
      if (!canary.apexName().equals(route.path("name").asText())) {
        users.add(route);
      }
    }
    if (users.isEmpty() && !spec.has("tcp") && !spec.has("tls")) {
      return Optional.empty();
    }
    ArrayNode http = spec.putArray("http");
    users.forEach(http::add);
    CanaryService service = canary.getSpec().getService();
    http.add(
        JSON.valueToTree(
            HttpRouteModel.route(
                canary.apexName(),
                service,
                MatchConditions.service(service.getMatch()),
                List.of(HttpRouteModel.destination(canary, canary.apexName(), 100)))));
    return Optional.of(Handover.released(live, canary, JSON.convertValue(spec, Map.class)));
  }

  /** Whether writing {@code next} over {@code live} would change nothing. */
  static boolean unchanged(GenericKubernetesResource next, GenericKubernetesResource live) {
    ObjectNode a = JSON.valueToTree(next);
    ObjectNode b = JSON.valueToTree(live);
    ((ObjectNode) a.get("metadata")).remove("managedFields");
    ((ObjectNode) b.get("metadata")).remove("managedFields");
    return sameJson(a, b);
  }

  private static ObjectNode specOf(ObjectNode resource) {
    JsonNode spec = resource.get("spec");
    return spec instanceof ObjectNode object ? object : resource.putObject("spec");
  }

  /** Labels and annotations of both (the Canary's win), the Canary's owner reference. */
  private static void mergeMetadata(ObjectNode metadata, ObjectNode desired) {
    for (String map : List.of("labels", "annotations")) {
      if (desired.has(map)) {
        JsonNode existing = metadata.get(map);
        ObjectNode merged =
            existing instanceof ObjectNode object ? object : metadata.putObject(map);
        merged.setAll((ObjectNode) desired.get(map));
      }
    }
    if (desired.has("ownerReferences")) {
      metadata.set("ownerReferences", desired.get("ownerReferences"));
    }
  }

  /**
   * Equality of two JSON trees in which a number equals a number of the same value: the API server
   * returns {@code 50.0} as {@code 50}, and that is no change.
   */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode other = b.get(field.getKey());
        if (other == null || !sameJson(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}

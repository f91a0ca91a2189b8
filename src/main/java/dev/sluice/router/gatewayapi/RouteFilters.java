package dev.sluice.router.gatewayapi;

import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.HeaderOperations;
import dev.sluice.api.v1beta1.HttpMirror;
import dev.sluice.api.v1beta1.HttpRewrite;
import dev.sluice.api.v1beta1.MirrorBackendRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gateway API {@code HTTPRouteFilter}s from the pass-through settings of {@code spec.service}, as
 * Flagger maps them: {@code headers} to header modifiers, {@code rewrite} to a URL rewrite, {@code
 * mirror} to request mirrors; and the backend references the rules send to.
 */
final class RouteFilters {

  private static final String FULL_PATH = "ReplaceFullPath";

  private RouteFilters() {}

  /** The filters of every rule, in Flagger's order: headers, rewrite, mirrors. */
  static List<Map<String, Object>> service(CanaryService service) {
    List<Map<String, Object>> filters = new ArrayList<>();
    if (service.getHeaders() != null) {
      addHeaderFilter(
          filters,
          "RequestHeaderModifier",
          "requestHeaderModifier",
          service.getHeaders().getRequest());
      addHeaderFilter(
          filters,
          "ResponseHeaderModifier",
          "responseHeaderModifier",
          service.getHeaders().getResponse());
    }
    Map<String, Object> rewrite = rewrite(service.getRewrite());
    if (rewrite != null) {
      filters.add(filter("URLRewrite", "urlRewrite", rewrite));
    }
    if (service.getMirror() != null) {
      for (HttpMirror mirror : service.getMirror()) {
        filters.add(filter("RequestMirror", "requestMirror", Map.of("backendRef", ref(mirror))));
      }
    }
    return filters;
  }

  /**
   * Mirrors the rule's requests to {@code service}, {@code percent} of them when set (Gateway API
   * 1.6's field), else all.
   */
  static Map<String, Object> mirror(String service, int port, Integer percent) {
    Map<String, Object> mirror = new LinkedHashMap<>();
    mirror.put("backendRef", serviceRef(service, port));
    GatewayApiResource.putIfSet(mirror, "percent", percent);
    return filter("RequestMirror", "requestMirror", mirror);
  }

  /** A response filter that adds one header: the canary's {@code Set-Cookie}. */
  static Map<String, Object> addResponseHeader(String name, String value) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("name", name);
    header.put("value", value);
    return filter(
        "ResponseHeaderModifier", "responseHeaderModifier", Map.of("add", List.of(header)));
  }

  /**
   * Adds a response header to the rule's {@code filters}: into its ResponseHeaderModifier when it
   * has one (Gateway API allows one filter of each modifier type per rule), else as a new one.
   */
  @SuppressWarnings("unchecked")
  static void addToResponseHeaders(List<Map<String, Object>> filters, String name, String value) {
    for (int i = 0; i < filters.size(); i++) {
      Map<String, Object> filter = filters.get(i);
      if (!"ResponseHeaderModifier".equals(filter.get("type"))) {
        continue;
      }
      Map<String, Object> modifier =
          new LinkedHashMap<>((Map<String, Object>) filter.get("responseHeaderModifier"));
      List<Object> add = new ArrayList<>();
      if (modifier.get("add") instanceof List<?> existing) {
        add.addAll(existing);
      }
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("name", name);
      header.put("value", value);
      add.add(header);
      modifier.put("add", add);
      filters.set(i, filter("ResponseHeaderModifier", "responseHeaderModifier", modifier));
      return;
    }
    filters.add(addResponseHeader(name, value));
  }

  /** A weighted reference to a Service of the canary's namespace, group and kind spelt out. */
  static Map<String, Object> backendRef(String service, int port, int weight) {
    Map<String, Object> ref = serviceRef(service, port);
    ref.put("weight", weight);
    return ref;
  }

  private static Map<String, Object> serviceRef(String service, int port) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("group", "");
    ref.put("kind", "Service");
    ref.put("name", service);
    ref.put("port", port);
    return ref;
  }

  private static Map<String, Object> ref(HttpMirror mirror) {
    MirrorBackendRef backend = mirror.getBackendRef();
    Map<String, Object> ref = new LinkedHashMap<>();
    GatewayApiResource.putIfSet(ref, "group", backend.getGroup());
    GatewayApiResource.putIfSet(ref, "kind", backend.getKind());
    ref.put("name", backend.getName());
    GatewayApiResource.putIfSet(ref, "namespace", backend.getNamespace());
    GatewayApiResource.putIfSet(ref, "port", backend.getPort());
    return ref;
  }

  /**
   * {@code uri} replaces the matched prefix unless {@code type} asks for the full path; {@code
   * authority} becomes the host name.
   */
  static Map<String, Object> rewrite(HttpRewrite rewrite) {
    if (rewrite == null || (rewrite.getUri() == null && rewrite.getAuthority() == null)) {
      return null;
    }
    Map<String, Object> urlRewrite = new LinkedHashMap<>();
    GatewayApiResource.putIfSet(urlRewrite, "hostname", rewrite.getAuthority());
    if (rewrite.getUri() != null) {
      boolean full = FULL_PATH.equals(rewrite.getType());
      urlRewrite.put(
          "path",
          full
              ? Map.of("type", FULL_PATH, "replaceFullPath", rewrite.getUri())
              : Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", rewrite.getUri()));
    }
    return urlRewrite;
  }

  /** Headers in name order, as Flagger sorts them, so the object does not change between ticks. */
  private static void addHeaderFilter(
      List<Map<String, Object>> filters, String type, String field, HeaderOperations operations) {
    if (operations == null) {
      return;
    }
    Map<String, Object> modifier = new LinkedHashMap<>();
    GatewayApiResource.putIfSet(modifier, "add", headers(operations.getAdd()));
    GatewayApiResource.putIfSet(modifier, "set", headers(operations.getSet()));
    if (operations.getRemove() != null && !operations.getRemove().isEmpty()) {
      modifier.put("remove", List.copyOf(operations.getRemove()));
    }
    filters.add(filter(type, field, modifier));
  }

  private static List<Map<String, Object>> headers(Map<String, String> headers) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    List<Map<String, Object>> list = new ArrayList<>();
    new TreeMap<>(headers)
        .forEach(
            (name, value) -> {
              Map<String, Object> header = new LinkedHashMap<>();
              header.put("name", name);
              header.put("value", value);
              list.add(header);
            });
    return list;
  }

  private static Map<String, Object> filter(String type, String field, Map<String, Object> body) {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("type", type);
    filter.put(field, body);
    return filter;
  }
}

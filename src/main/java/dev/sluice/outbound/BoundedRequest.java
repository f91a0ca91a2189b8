package dev.sluice.outbound;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One request for a {@link BoundedClient}: method, absolute URL, headers, body and its bounds. */
public final class BoundedRequest {
  private final HttpMethod method;
  private final Bounds bounds;
  private final Buffer body;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private String url;

  private BoundedRequest(HttpMethod method, String url, Buffer body, Bounds bounds) {
    this.method = method;
    this.url = url;
    this.body = body;
    this.bounds = bounds;
    headers.set("User-Agent", "sluice");
  }

  public static BoundedRequest get(String url, Bounds bounds) {
    return new BoundedRequest(HttpMethod.GET, url, null, bounds);
  }

  /** A POST of {@code json} as {@code application/json}. */
  public static BoundedRequest postJson(String url, Buffer json, Bounds bounds) {
    return new BoundedRequest(HttpMethod.POST, url, json, bounds)
        .header("Content-Type", "application/json");
  }

  public BoundedRequest header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  /** Replaces any earlier value of {@code name}. */
  public BoundedRequest setHeader(String name, String value) {
    headers.set(name, value);
    return this;
  }

  /** Replaces any earlier values of {@code name} with {@code values}. */
  public BoundedRequest setHeader(String name, Iterable<String> values) {
    headers.set(name, values);
    return this;
  }

  /** Appends {@code name=value} to the URL's query, percent-encoded as a form value. */
  public BoundedRequest queryParam(String name, String value) {
    url +=
        (url.contains("?") ? "&" : "?")
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    return this;
  }

  public BoundedRequest basicAuthentication(String username, String password) {
    String pair = username + ":" + (password == null ? "" : password);
    return setHeader(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  public BoundedRequest bearerToken(String token) {
    return setHeader("Authorization", "Bearer " + token);
  }

  HttpMethod method() {
    return method;
  }

  String url() {
    return url;
  }

  MultiMap headers() {
    return headers;
  }

  Buffer body() {
    return body;
  }

  public Bounds bounds() {
    return bounds;
  }
}

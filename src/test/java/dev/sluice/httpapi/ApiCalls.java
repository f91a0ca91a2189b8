package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.ClusterFixture;
import dev.sluice.testing.KubeAccessFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Calls Sluice's HTTP API on 127.0.0.1 as Flagger, a person or a script would; unless told
 * otherwise, with the bearer token of a user allowed everything on canaries ({@link
 * KubeAccessFake#ADMIN}).
 */
final class ApiCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  ApiCalls(URI anyApplicationUri) {
    this.port = anyApplicationUri.getPort();
  }

  /** Flagger's webhook payload for a canary, as its gate and rollback webhooks send it. */
  static String payload(String namespace, String name) {
    return """
        {"name":"%s","namespace":"%s","phase":"Progressing","checksum":"abc","type":"confirm-promotion","metadata":{"k":"v"}}"""
        .formatted(name, namespace);
  }

  private static final String ADMIN = "Bearer " + KubeAccessFake.ADMIN;

  HttpResponse<String> post(String path, String body) {
    return post(path, body, ADMIN);
  }

  HttpResponse<String> post(String path, String body, String authorization) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  HttpResponse<String> get(String path) {
    return get(path, ADMIN);
  }

  /** A GET with {@code authorization} as its header, or none when null. */
  HttpResponse<String> get(String path, String authorization) {
    var request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(response.body(), e);
    }
  }

  static Map<String, String> annotations(ClusterFixture cluster, String name) {
    Map<String, String> annotations = cluster.canary(name).getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleAppTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withoutErrorsEveryRequestSucceedsWithItsVersion() throws Exception {
    // given
    try (SampleApp app = SampleApp.start("1.0.0", 0, Duration.ZERO)) {
      // when
      List<HttpResponse<String>> responses = get(app.uri().resolve("/any/path?x=1"), 50);

      // then
      assertEquals(Set.of(200), collect(responses, HttpResponse::statusCode));
      assertEquals(Set.of("1.0.0"), collect(responses, HttpResponse::body));
      assertEquals(
          Set.of("1.0.0"), collect(responses, r -> r.headers().firstValue("X-Version").orElse("")));
      assertEquals("127.0.0.1", app.uri().getHost());
    }
  }

  @Test
  void atErrorRateOneEveryRequestFailsWithItsVersion() throws Exception {
    // given
    try (SampleApp app = SampleApp.start("2.0.0", 1, Duration.ofMillis(5))) {
      // when
      List<HttpResponse<String>> responses = get(app.uri(), 50);

      // then
      assertEquals(Set.of(500), collect(responses, HttpResponse::statusCode));
      assertEquals(Set.of("2.0.0"), collect(responses, HttpResponse::body));
      assertEquals("2.0.0", app.version());
    }
  }

  private List<HttpResponse<String>> get(URI uri, int count) throws Exception {
    var responses = new java.util.ArrayList<HttpResponse<String>>();
    for (int i = 0; i < count; i++) {
      responses.add(
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
    }
    return responses;
  }

  private static <T> Set<T> collect(
      List<HttpResponse<String>> responses,
      java.util.function.Function<HttpResponse<String>, T> f) {
    return responses.stream().map(f).collect(Collectors.toSet());
  }
}

package dev.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The API server's authenticator and authorizer, played on the fabric8 mock API server (whose CRUD
 * mode stores a TokenReview or SubjectAccessReview as posted and answers nothing). It answers
 * {@code TokenReview} and {@code SubjectAccessReview} as a real API server with RBAC would, for
 * tokens made by {@link #token}: the token names its user and what the user may do on Flagger's
 * {@code canaries}, carried as groups, so the answers need no state shared with the application
 * under test. Any other token is not authenticated.
 */
public final class KubeAccessFake {
  static final String PREFIX = "fake-token.";
  static final String GRANT = "fake-grant:";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A user allowed everything on canaries in every namespace. */
  public static final String ADMIN = token("admin", "*@*");

  private KubeAccessFake() {}

  /**
   * A token the fake authenticates as {@code user}, who may do each {@code verb@namespace} of
   * {@code grants} on {@code flagger.app} {@code canaries} ({@code *} for any verb, or for any
   * namespace including cluster-wide requests) and nothing else.
   */
  public static String token(String user, String... grants) {
    return PREFIX + user + "." + String.join(",", grants);
  }

  /** Answers reviews on the mock server of a Quarkus test, before the application starts. */
  public static void answerReviews(Supplier<MockServerExpectation> expect) {
    answerReviews(expect, body -> {});
  }

  /** Answers reviews, handing each review's body as posted to {@code asked}. */
  public static void answerReviews(KubernetesMockServer server, Consumer<String> asked) {
    answerReviews(server::expect, asked);
  }

  private static void answerReviews(
      Supplier<MockServerExpectation> expect, Consumer<String> asked) {
    expect
        .get()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(201, request -> tokenReview(read(request, asked)))
        .always();
    expect
        .get()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(201, request -> accessReview(read(request, asked)))
        .always();
  }

  private static String tokenReview(ObjectNode review) {
    String token = review.path("spec").path("token").asText("");
    ObjectNode status = review.putObject("status");
    if (!token.startsWith(PREFIX) || token.indexOf('.', PREFIX.length()) < 0) {
      status.put("authenticated", false);
      status.put("error", "token not recognised");
      return review.toString();
    }
    String rest = token.substring(PREFIX.length());
    String user = rest.substring(0, rest.indexOf('.'));
    status.put("authenticated", true);
    ObjectNode info = status.putObject("user");
    info.put("username", user);
    info.put("uid", "uid-" + user);
    var groups = info.putArray("groups");
    groups.add("system:authenticated");
    for (String grant : rest.substring(rest.indexOf('.') + 1).split(",")) {
      if (!grant.isEmpty()) {
        groups.add(GRANT + grant);
      }
    }
    return review.toString();
  }

  private static String accessReview(ObjectNode review) {
    JsonNode spec = review.path("spec");
    JsonNode attributes = spec.path("resourceAttributes");
    List<String> grants = new ArrayList<>();
    spec.path("groups").forEach(g -> grants.add(g.asText()));
    boolean canaries =
        "flagger.app".equals(attributes.path("group").asText())
            && "canaries".equals(attributes.path("resource").asText())
            && attributes.path("subresource").asText("").isEmpty();
    String verb = attributes.path("verb").asText();
    String namespace = attributes.path("namespace").asText("");
    boolean allowed =
        canaries
            && grants.stream()
                .filter(g -> g.startsWith(GRANT))
                .map(g -> Arrays.asList(g.substring(GRANT.length()).split("@", 2)))
                .anyMatch(
                    g ->
                        (g.get(0).equals("*") || g.get(0).equals(verb))
                            && (g.get(1).equals("*")
                                || (!namespace.isEmpty() && g.get(1).equals(namespace))));
    ObjectNode status = review.putObject("status");
    status.put("allowed", allowed);
    if (!allowed) {
      status.put("reason", "no RBAC rule allows it");
    }
    return review.toString();
  }

  private static ObjectNode read(RecordedRequest request, Consumer<String> asked) {
    String body = request.getUtf8Body();
    asked.accept(body);
    try {
      return (ObjectNode) JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

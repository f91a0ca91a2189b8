package dev.sluice.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.KubeAccessFake;
import dev.sluice.testing.TestClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reviews Sluice asks the API server for, and which of their answers it reuses: against a mock
 * API server on loopback that answers them as RBAC would ({@link KubeAccessFake}) and counts them.
 */
class KubernetesReviewsIT {
  private static final Duration TTL = Duration.ofSeconds(10);

  private final TestClock clock = new TestClock();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startApiServer() {
    server = new KubernetesMockServer(false);
    KubeAccessFake.answerReviews(server, asked::add);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.destroy();
  }

  @Test
  void aTokenIsReviewedOnceWithinTheTtlAndAgainAfterIt() throws Exception {
    KubernetesReviews reviews = reviews(100);
    String token = KubeAccessFake.token("alice", "get@team-a");

    Optional<Caller> first = reviews.authenticate(token);
    Optional<Caller> second = reviews.authenticate(token);
    clock.advance(TTL);
    reviews.authenticate(token);

    assertEquals("alice", first.orElseThrow().user());
    assertEquals(first, second);
    List<RecordedRequest> asked = requests();
    assertEquals(2, asked.size(), "one review, then one after the TTL");
    assertTrue(asked.get(0).getPath().endsWith("/apis/authentication.k8s.io/v1/tokenreviews"));
    assertTrue(this.asked.get(0).contains(token), "the token goes to the API server");
  }

  @Test
  void anUnknownTokenIsNotAuthenticatedAndAskedAboutEachTime() throws Exception {
    KubernetesReviews reviews = reviews(100);

    assertEquals(Optional.empty(), reviews.authenticate("not-a-kubernetes-token"));
    assertEquals(Optional.empty(), reviews.authenticate("not-a-kubernetes-token"));
    assertEquals(2, requests().size());
  }

  @Test
  void anAllowedAccessIsReusedADeniedOneIsAskedAgain() throws Exception {
    KubernetesReviews reviews = reviews(100);
    Caller alice =
        reviews.authenticate(KubeAccessFake.token("alice", "patch@team-a")).orElseThrow();
    requests();

    assertTrue(reviews.allows(alice, "patch", "team-a", "podinfo"));
    assertTrue(reviews.allows(alice, "patch", "team-a", "podinfo"));
    assertFalse(reviews.allows(alice, "patch", "team-b", "podinfo"));
    assertFalse(reviews.allows(alice, "patch", "team-b", "podinfo"));

    List<RecordedRequest> asked = requests();
    assertEquals(3, asked.size(), "one for team-a, each time for team-b");
    String body = this.asked.get(this.asked.size() - 3);
    assertTrue(
        asked.get(0).getPath().endsWith("/apis/authorization.k8s.io/v1/subjectaccessreviews"));
    for (String field :
        List.of(
            "\"user\":\"alice\"",
            "\"uid\":\"uid-alice\"",
            "\"group\":\"flagger.app\"",
            "\"resource\":\"canaries\"",
            "\"verb\":\"patch\"",
            "\"namespace\":\"team-a\"",
            "\"name\":\"podinfo\"")) {
      assertTrue(body.contains(field), field + " in " + body);
    }
  }

  @Test
  void theCacheHoldsAtMostItsSize() throws Exception {
    KubernetesReviews reviews = reviews(1);
    String a = KubeAccessFake.token("a", "get@x");
    String b = KubeAccessFake.token("b", "get@x");

    reviews.authenticate(a);
    reviews.authenticate(b);
    reviews.authenticate(a);

    assertEquals(3, requests().size(), "b pushed a out");
  }

  private KubernetesReviews reviews(int size) {
    ApiConfig config =
        new ApiConfig() {
          @Override
          public Auth auth() {
            return Auth.KUBERNETES;
          }

          @Override
          public Optional<String> token() {
            return Optional.empty();
          }

          @Override
          public Duration reviewCacheTtl() {
            return TTL;
          }

          @Override
          public int reviewCacheSize() {
            return size;
          }
        };
    return new KubernetesReviews(client, config, clock);
  }

  /** The requests the API server got since the last call. */
  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests;
  }
}

package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.ControlAnnotations;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API under the real API server's authenticator and RBAC: a team's ServiceAccount, bound
 * to the README's sample Role in its own namespace, steers its own canary and nobody else's.
 */
@RealCluster
class ControlApiE2E {
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static final String CANARY =
      """
      apiVersion: flagger.app/v1beta1
      kind: Canary
      metadata:
        name: podinfo
      spec:
        provider: kubernetes
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        service:
          port: 9898
        analysis:
          interval: 2s
          threshold: 2
          iterations: 3
      """;

  /** A team's deployer with the README's sample Role. */
  private static final String DEPLOYER =
      """
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: deployer
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: canary-operator
      rules:
        - apiGroups: ["flagger.app"]
          resources: ["canaries"]
          verbs: ["get", "list", "patch"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: deployer-canary-operator
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: canary-operator
      subjects:
        - kind: ServiceAccount
          name: deployer
      """;

  @Test
  void aServiceAccountAbortsItsOwnCanaryAndIsRefusedAnotherTeams(
      ControlPlane plane, SluiceInstall sluice) throws Exception {
    try (TestNamespace mine = new TestNamespace(plane, sluice, "api-mine");
        TestNamespace theirs = new TestNamespace(plane, sluice, "api-theirs")) {
      // given a canary in each team's namespace, and the first team's deployer
      for (TestNamespace ns : List.of(mine, theirs)) {
        ns.apply(TestNamespace.podinfo("6.0.0"));
        ns.apply(CANARY);
      }
      mine.apply(DEPLOYER);
      String token = "Bearer " + token(plane, mine.name(), "deployer");
      mine.await("the canary watched", () -> listed(sluice, token).contains(mine.name()), WAIT);

      // when the deployer aborts its own canary and the other team's, and calls without a token
      HttpResponse<String> own = post(sluice, abort(mine), token);
      HttpResponse<String> other = post(sluice, abort(theirs), token);
      HttpResponse<String> anonymous = post(sluice, abort(theirs), null);

      // then its own abort is taken and carried out, the other refused and never written
      assertEquals(202, own.statusCode(), own.body());
      assertEquals(403, other.statusCode(), other.body());
      assertTrue(
          other.body().contains("may not patch canaries/podinfo in namespace " + theirs.name()),
          other.body());
      assertEquals(401, anonymous.statusCode(), anonymous.body());
      String request = JSON.readTree(own.body()).get("request").asText();
      mine.await(
          "the abort recorded",
          () -> {
            Canary canary = mine.canary("podinfo");
            return canary.getStatus() != null
                && canary.getStatus().getControl() != null
                && request.equals(canary.getStatus().getControl().getLastRequest());
          },
          WAIT);
      Canary untouched = theirs.canary("podinfo");
      var annotations = untouched.getMetadata().getAnnotations();
      assertNull(annotations == null ? null : annotations.get(ControlAnnotations.REQUEST));
      assertTrue(
          untouched.getStatus() == null
              || untouched.getStatus().getControl() == null
              || untouched.getStatus().getControl().getLastRequest() == null,
          "no request reached the other team's canary");

      // and the list shows the deployer its own namespace only
      assertEquals(List.of(mine.name()), listed(sluice, token));
    }
  }

  private static String abort(TestNamespace ns) {
    return "/api/v1/namespaces/" + ns.name() + "/canaries/podinfo/abort";
  }

  private static String token(ControlPlane plane, String namespace, String serviceAccount) {
    return plane
        .client()
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  private List<String> listed(SluiceInstall sluice, String authorization) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri(sluice, "/api/v1/canaries"))
                .header("Authorization", authorization)
                .GET());
    List<String> namespaces = new ArrayList<>();
    try {
      for (JsonNode canary : JSON.readTree(response.body())) {
        namespaces.add(canary.get("namespace").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(response.statusCode() + " " + response.body(), e);
    }
    return namespaces;
  }

  private HttpResponse<String> post(SluiceInstall sluice, String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(sluice, path)).POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  private static URI uri(SluiceInstall sluice, String path) {
    return URI.create("http://127.0.0.1:" + sluice.httpPort() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

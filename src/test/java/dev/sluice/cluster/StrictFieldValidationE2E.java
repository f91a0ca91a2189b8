package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Every object Sluice writes is accepted under the API server's strict field validation: no unknown
 * field (which a built-in kind would drop and a CRD would prune, both silently) and no duplicate
 * field. Two witnesses: the API server answers each write without {@code fieldValidation} with a
 * {@code Warning} header per unknown or duplicate field, which the controller's client logs (its
 * category is at DEBUG in {@link SluiceInstall}); and every create and update body of the
 * controller, from the audit log (level Request for its user), is sent again as a server-side dry
 * run with {@code fieldValidation=Strict}. The audit log holds the body as the server decoded it,
 * so the replay proves the object is accepted as stored; the warnings are what catch a field the
 * decoding dropped.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class StrictFieldValidationE2E {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An istio Canary that scales the primary with a copy of the target's HPA. */
  private static final String CANARY =
      ProviderFixtures.ISTIO_FIXTURE
          .withSpec(
              """
              autoscalerRef:
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                name: podinfo
              """)
          .canary();

  /** The kinds a take-over and a promoted run write: the replay must have covered each. */
  private static final Set<String> WRITTEN =
      Set.of(
          "apps/deployments create",
          "apps/deployments update",
          "/services create",
          "/configmaps create",
          "/configmaps update",
          "autoscaling/horizontalpodautoscalers create",
          "networking.istio.io/virtualservices create",
          "networking.istio.io/virtualservices update",
          "networking.istio.io/destinationrules create",
          "flagger.app/canaries/status update",
          "/events create");

  @Test
  void everyWriteOfAPromotedIstioRunPassesStrictFieldValidation(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "strict")) {
      // given a target with tracked configs and an HPA, taken over by an istio Canary
      ns.apply(ProviderFixtures.TRACKED);
      ns.apply(ProviderFixtures.tracking(TestNamespace.podinfo("6.0.0")));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // when a new revision with changed configs is promoted
      ns.apply(
          ProviderFixtures.TRACKED
              .replace("color: blue", "color: green")
              .replace("token: first", "token: second"));
      ns.setImage("podinfo", "6.0.1");
      ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);

      // then the API server warned the controller of no field
      assertEquals(
          List.of(),
          warningsLogged(sluice, ns.name()),
          "API server warnings in the controller log");

      // and each create and update body it sent is accepted by a strict dry run
      List<String> rejected = new ArrayList<>();
      Set<String> replayed = new TreeSet<>();
      List<JsonNode> writes = writes(plane, ns.name());
      // (the replay can fail: the primary's create with a field no Deployment has is rejected)
      JsonNode primaryCreate =
          writes.stream()
              .filter(e -> "create".equals(e.path("verb").asText()))
              .filter(e -> "podinfo-primary".equals(e.path("objectRef").path("name").asText()))
              .filter(e -> "deployments".equals(e.path("objectRef").path("resource").asText()))
              .findFirst()
              .orElseThrow();
      JsonNode tampered = primaryCreate.deepCopy();
      ((ObjectNode) tampered.path("requestObject").path("spec")).put("replicaCount", 2);
      assertTrue(
          String.valueOf(replay(plane, tampered)).contains("replicaCount"),
          "a strict dry run rejects an unknown field");
      for (JsonNode event : writes) {
        String verdict = replay(plane, event);
        JsonNode ref = event.path("objectRef");
        String kind =
            ref.path("apiGroup").asText("")
                + "/"
                + ref.path("resource").asText()
                + (ref.path("subresource").asText("").isEmpty()
                    ? ""
                    : "/" + ref.path("subresource").asText())
                + " "
                + event.path("verb").asText();
        if (verdict == null) {
          replayed.add(kind);
        } else {
          rejected.add(kind + " " + event.path("requestURI").asText() + ": " + verdict);
        }
      }
      assertEquals(List.of(), rejected, "writes a strict dry run rejects or warns about");
      Set<String> missing = new TreeSet<>(WRITTEN);
      missing.removeAll(replayed);
      assertTrue(missing.isEmpty(), "writes never replayed: " + missing + "; replayed " + replayed);
    }
  }

  /**
   * The one warning the API server gives that is no field problem: Flagger's finalizer name, which
   * Sluice keeps so that a Canary Flagger left behind is taken over as it is.
   */
  static final String FLAGGER_FINALIZER_WARNING =
      "[299 - \"metadata.finalizers: \\\"finalizer.flagger.app\\\": prefer a domain-qualified"
          + " finalizer name including a path (/) to avoid accidental conflicts with other"
          + " finalizer writers\"]";

  /** The lines of the controller's log that carry an API server warning (but the finalizer's). */
  /**
   * The warnings of requests in {@code namespace}: the controller is shared by every end-to-end
   * class, and others' scenarios have warnings of their own (NGINX's deprecated ingress-class
   * annotation, which Sluice copies from the user's Ingress as Flagger does).
   */
  static List<String> warningsLogged(SluiceInstall sluice, String namespace) {
    try {
      return Files.readAllLines(sluice.controllerLog(), StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains("Received warning(s)"))
          .filter(line -> line.contains("/namespaces/" + namespace + "/"))
          .filter(line -> !line.endsWith(FLAGGER_FINALIZER_WARNING))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The controller's creates and updates in {@code namespace} whose body the audit log holds. */
  private static List<JsonNode> writes(ControlPlane plane, String namespace) {
    List<JsonNode> writes = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(plane.auditLog(), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        if (SluiceInstall.USER.equals(event.path("user").path("username").asText())
            && namespace.equals(event.path("objectRef").path("namespace").asText())
            && event.path("requestObject").isObject()
            && event.path("responseStatus").path("code").asInt() < 300) {
          writes.add(event);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writes;
  }

  /**
   * Sends the body of {@code event} again as a strict server-side dry run (an update onto the
   * object's current resourceVersion); null when accepted without a warning, else why not. A create
   * of a name that exists now is answered 409 after the body was decoded, so it passed.
   */
  private static String replay(ControlPlane plane, JsonNode event) {
    String uri = event.path("requestURI").asText();
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    ObjectNode body = (ObjectNode) event.path("requestObject").deepCopy();
    boolean update = "update".equals(event.path("verb").asText());
    HttpClient http = plane.client().getHttpClient();
    String server = plane.admin().server();
    try {
      if (update) {
        String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
        HttpResponse<String> live =
            http.sendAsync(
                    http.newHttpRequestBuilder().uri(server + objectPath).build(), String.class)
                .get();
        if (live.code() == 404) {
          return null; // gone since (the run's Events, a replaced object): nothing to update
        }
        String resourceVersion =
            JSON.readTree(live.body()).path("metadata").path("resourceVersion").asText();
        ((ObjectNode) body.with("metadata")).put("resourceVersion", resourceVersion);
      }
      HttpResponse<String> answer =
          http.sendAsync(
                  http.newHttpRequestBuilder()
                      .uri(server + path + "?dryRun=All&fieldValidation=Strict")
                      .method(
                          update ? "PUT" : "POST",
                          "application/json",
                          JSON.writeValueAsString(body))
                      .build(),
                  String.class)
              .get();
      List<String> warnings = answer.headers("Warning");
      if (warnings != null && !warnings.isEmpty()) {
        return answer.code() + " with warnings " + warnings;
      }
      boolean accepted =
          answer.code() < 300
              || (!update && answer.code() == 409 && answer.body().contains("AlreadyExists"));
      return accepted ? null : answer.code() + " " + answer.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

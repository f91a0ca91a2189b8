package dev.sluice.router.contour;

import static dev.sluice.router.contour.ContourFixtures.UID;
import static dev.sluice.router.contour.ContourFixtures.fromServer;
import static dev.sluice.router.contour.ContourFixtures.json;
import static dev.sluice.router.contour.ContourFixtures.podinfo;
import static dev.sluice.router.contour.ContourFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTPProxy of a weighted canary, and what the Canary's service settings add to it. */
class HttpProxyModelTest {

  @Test
  void aWeightedCanarySplitsOneRouteBetweenPrimaryAndCanary() {
    // given
    Canary canary = podinfo();

    // when
    JsonNode proxy = validJson(HttpProxyModel.desired(canary, Routes.weighted(30)));

    // then
    assertEquals("projectcontour.io/v1", proxy.path("apiVersion").asText());
    assertEquals("HTTPProxy", proxy.path("kind").asText());
    assertEquals("podinfo", proxy.at("/metadata/name").asText());
    assertEquals("test", proxy.at("/metadata/namespace").asText());
    assertEquals(UID, proxy.at("/metadata/ownerReferences/0/uid").asText());
    assertFalse(proxy.path("spec").has("virtualhost"), "included by the user's root proxy");
    JsonNode routes = proxy.at("/spec/routes");
    assertEquals(1, routes.size());
    assertEquals(json(List.of(Map.of("prefix", "/"))), routes.at("/0/conditions"));
    assertEquals(
        json(List.of(service("podinfo-primary", 70), service("podinfo-canary", 30))),
        routes.at("/0/services"));
    assertFalse(routes.get(0).has("timeoutPolicy"));
    assertFalse(routes.get(0).has("retryPolicy"));
  }

  @Test
  void apexLabelsAndAnnotationsAreSetWithFluxsOptOut() {
    Canary canary = podinfo("apex:\n  labels: {team: web}\n  annotations: {a: b}\n", "");

    JsonNode metadata =
        validJson(HttpProxyModel.desired(canary, Routes.allToPrimary())).path("metadata");

    assertEquals("web", metadata.at("/labels/team").asText());
    assertEquals("b", metadata.at("/annotations/a").asText());
    assertEquals(
        "disabled", metadata.at("/annotations/kustomize.toolkit.fluxcd.io~1reconcile").asText());
  }

  @Test
  void aConfiguredIngressClassIsSetAsContoursAnnotationAndNoneLeavesItOut() {
    GenericKubernetesResource classed =
        HttpProxyModel.withIngressClass(
            HttpProxyModel.desired(podinfo(), Routes.allToPrimary()), Optional.of("internal"));
    GenericKubernetesResource plain =
        HttpProxyModel.withIngressClass(
            HttpProxyModel.desired(podinfo(), Routes.allToPrimary()), Optional.empty());

    assertEquals(
        "internal",
        validJson(classed).at("/metadata/annotations/projectcontour.io~1ingress.class").asText());
    assertFalse(
        validJson(plain).at("/metadata/annotations").has("projectcontour.io/ingress.class"));
  }

  @Test
  void theServicePrefixHeadersAndQueryParametersBecomeConditionsOfTheRoute() {
    Canary canary =
        podinfo(
            """
            match:
              - uri: {prefix: /api}
                headers: {x-env: {exact: prod}}
                queryParams: {lang: {prefix: en}}
            """,
            "");

    JsonNode conditions =
        validJson(HttpProxyModel.desired(canary, Routes.allToPrimary()))
            .at("/spec/routes/0/conditions");

    assertEquals(
        json(
            List.of(
                Map.of("prefix", "/api"),
                Map.of("header", Map.of("name", "x-env", "exact", "prod")),
                Map.of("queryParameter", Map.of("name", "lang", "prefix", "en")))),
        conditions);
  }

  @Test
  void timeoutAndRetriesGoOnEveryRouteAsContourNamesThem() {
    Canary canary =
        podinfo(
            """
            timeout: 15s
            retries:
              attempts: 3
              perTryTimeout: 5s
              retryOn: gateway-error,connect-failure,503
            """,
            "match:\n  - headers: {x-canary: {exact: insider}}\niterations: 5\n");

    JsonNode routes =
        validJson(HttpProxyModel.desired(canary, Routes.weighted(100))).at("/spec/routes");

    assertEquals(2, routes.size());
    for (JsonNode route : routes) {
      // Flagger's idle timeout beside the response timeout
      assertEquals(json(Map.of("response", "15s", "idle", "5m")), route.path("timeoutPolicy"));
      assertEquals(
          json(
              Map.of(
                  "count",
                  3,
                  "perTryTimeout",
                  "5s",
                  "retryOn",
                  List.of("gateway-error", "connect-failure", "retriable-status-codes"),
                  "retriableStatusCodes",
                  List.of(503))),
          route.path("retryPolicy"));
    }
  }

  @Test
  void istiosZeroAttemptsDisablesRetriesAndUnsetAttemptsIsContoursDefault() {
    JsonNode none =
        validJson(
            HttpProxyModel.desired(podinfo("retries: {attempts: 0}\n", ""), Routes.allToPrimary()));
    JsonNode unset =
        validJson(
            HttpProxyModel.desired(
                podinfo("retries: {perTryTimeout: 2s}\n", ""), Routes.allToPrimary()));

    // Contour's 0 would mean Envoy's default of one retry; -1 is "no retries"
    assertEquals(-1, none.at("/spec/routes/0/retryPolicy/count").asInt());
    // the API server defaults count to 1: written out, so the live routes equal the desired ones
    assertEquals(1, unset.at("/spec/routes/0/retryPolicy/count").asInt());
  }

  @Test
  void splitsThatAreNotWritableOrAskForMirroringAreRefused() {
    Canary canary = podinfo();

    assertThrows(
        IllegalArgumentException.class,
        () -> HttpProxyModel.desired(canary, new Routes(60, 60, false)));
    assertThrows(
        IllegalArgumentException.class,
        () -> HttpProxyModel.desired(canary, new Routes(100, 0, true)));
  }

  @Test
  void reconcileKeepsTheLiveSplitAndAFreshProxyStartsOnThePrimary() {
    Canary canary = podinfo("timeout: 10s\n", "");
    GenericKubernetesResource live =
        fromServer(HttpProxyModel.desired(podinfo(), Routes.weighted(40)));

    JsonNode kept = validJson(HttpProxyModel.desiredKeepingWeights(canary, live));
    JsonNode fresh = validJson(HttpProxyModel.desiredKeepingWeights(canary, null));

    assertEquals(60, kept.at("/spec/routes/0/services/0/weight").asInt());
    assertEquals(40, kept.at("/spec/routes/0/services/1/weight").asInt());
    assertEquals("10s", kept.at("/spec/routes/0/timeoutPolicy/response").asText());
    assertEquals(100, fresh.at("/spec/routes/0/services/0/weight").asInt());
    assertEquals(0, fresh.at("/spec/routes/0/services/1/weight").asInt());
  }

  @Test
  void releasedToApexRoutesToTheApexServiceAndDropsOnlyTheCanarysOwnership() {
    Canary canary = podinfo("timeout: 10s\n", "");
    GenericKubernetesResource live =
        fromServer(HttpProxyModel.desired(canary, Routes.weighted(20)));
    live.getMetadata().getLabels().put("team", "web");
    live.getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("keeper")
                .withUid("c0ffee")
                .build());
    live.getMetadata().setResourceVersion("42");

    JsonNode released = validJson(HttpProxyModel.releasedToApex(canary, live));

    assertEquals(json(List.of(service("podinfo", 100))), released.at("/spec/routes/0/services"));
    assertEquals(1, released.at("/spec/routes").size());
    assertEquals("10s", released.at("/spec/routes/0/timeoutPolicy/response").asText());
    assertEquals(1, released.at("/metadata/ownerReferences").size());
    assertEquals("c0ffee", released.at("/metadata/ownerReferences/0/uid").asText());
    assertEquals("web", released.at("/metadata/labels/team").asText());
    assertEquals("42", released.at("/metadata/resourceVersion").asText());
  }

  @Test
  void theContourSchemaRefusesWhatTheApiServerWouldRefuseOrPrune() {
    JsonNode proxy = validJson(HttpProxyModel.desired(podinfo(), Routes.weighted(10)));
    ((com.fasterxml.jackson.databind.node.ObjectNode) proxy.at("/spec/routes/0/services/0"))
        .put("weight", -1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) proxy.at("/spec")).putObject("virtualHost");

    List<String> errors = ContourFixtures.CONTOUR_SCHEMA.validate(proxy);

    assertEquals(2, errors.size(), errors.toString());
  }

  /** A weighted Service of the proxy, with Flagger's Linkerd destination override. */
  static Map<String, Object> service(String name, int weight) {
    return Map.of(
        "name",
        name,
        "port",
        9898,
        "weight",
        weight,
        "requestHeadersPolicy",
        Map.of(
            "set",
            List.of(
                Map.of(
                    "name", "l5d-dst-override", "value", name + ".test.svc.cluster.local:9898"))));
  }
}

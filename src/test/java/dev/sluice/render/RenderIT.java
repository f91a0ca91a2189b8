package dev.sluice.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.router.traefik.TraefikFixtures;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sluice render}: the objects Sluice would write, printed without a cluster. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class RenderIT {
  private static final CrdSchemaValidator ISTIO =
      CrdSchemaValidator.load("../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml");
  private static final CrdSchemaValidator CONTOUR =
      CrdSchemaValidator.load("src/test/resources/schemas/contour-main-0001337b-httpproxies.yaml");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String TRAEFIK_CANARY = "src/test/resources/canaries/podinfo-traefik.yaml";

  @Inject RenderCommand render;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void anIstioCanaryRendersItsServicesDestinationRulesAndTheVirtualServiceAtTheWeight()
      throws Exception {
    int exit = run("-f", "src/test/resources/canaries/podinfo-istio.yaml", "--weight", "30");

    assertEquals(0, exit, err());
    List<JsonNode> docs = documents();
    assertEquals(
        List.of(
            "Service/podinfo",
            "Service/podinfo-primary",
            "Service/podinfo-canary",
            "DestinationRule/podinfo-primary",
            "DestinationRule/podinfo-canary",
            "VirtualService/podinfo"),
        docs.stream()
            .map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
            .toList());
    JsonNode route = docs.get(5).at("/spec/http/0/route");
    assertEquals(70, route.get(0).path("weight").asInt());
    assertEquals(30, route.get(1).path("weight").asInt());
    docs.subList(3, 6).forEach(ISTIO::assertValid);
    assertEquals("app", docs.get(1).at("/spec/selector").fieldNames().next());
  }

  @Test
  void anAbCanaryShowsItsMatchRoutes() throws Exception {
    Path file = Files.createTempFile("ab", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("src/test/resources/canaries/podinfo-istio.yaml"))
            .replace(
                "    maxWeight: 30\n    stepWeight: 10\n",
                "    iterations: 5\n    match:\n      - headers:\n          x-canary:\n            exact: insider\n"));

    int exit = run("-f", file.toString());

    assertEquals(0, exit, err());
    JsonNode virtualService = documents().get(5);
    assertEquals(
        "insider",
        virtualService.at("/spec/http/0/match/0/headers/x-canary/exact").asText(),
        out());
    ISTIO.assertValid(virtualService);
  }

  @Test
  void aGatewayApiCanaryRendersAnHttpRouteValidForGatewayApi16() throws Exception {
    int exit = run("-f", "src/test/resources/canaries/podinfo-gatewayapi.yaml", "--weight", "40");

    assertEquals(0, exit, err());
    JsonNode route = documents().get(3);
    assertEquals("HTTPRoute", route.path("kind").asText());
    assertEquals(60, route.at("/spec/rules/0/backendRefs/0/weight").asInt(), out());
    assertEquals(40, route.at("/spec/rules/0/backendRefs/1/weight").asInt(), out());
    CrdSchemaValidator.load("../shared/schemas/gateway-api-v1.6.1-httproutes.yaml")
        .assertValid(route);
  }

  @Test
  void aContourCanaryRendersAnHttpProxyValidForContourAtTheWeight() throws Exception {
    int exit = run("-f", "src/test/resources/canaries/podinfo-contour.yaml", "--weight", "40");

    assertEquals(0, exit, err());
    JsonNode proxy = documents().get(3);
    assertEquals("HTTPProxy", proxy.path("kind").asText());
    assertEquals("podinfo", proxy.at("/metadata/name").asText());
    assertEquals("podinfo-primary", proxy.at("/spec/routes/0/services/0/name").asText(), out());
    assertEquals(60, proxy.at("/spec/routes/0/services/0/weight").asInt(), out());
    assertEquals(40, proxy.at("/spec/routes/0/services/1/weight").asInt(), out());
    assertEquals("15s", proxy.at("/spec/routes/0/timeoutPolicy/response").asText(), out());
    CONTOUR.assertValid(proxy);
  }

  @Test
  void aContourAbCanaryShowsItsMatchRouteAheadOfThePrimarysRoute() throws Exception {
    Path file = Files.createTempFile("contour-ab", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("src/test/resources/canaries/podinfo-contour.yaml"))
            .replace(
                "    maxWeight: 30\n    stepWeight: 10\n",
                "    iterations: 5\n    match:\n      - headers:\n          cookie:\n"
                    + "            suffix: canary=always\n"));

    int exit = run("-f", file.toString(), "--weight", "100");

    assertEquals(0, exit, err());
    JsonNode proxy = documents().get(3);
    assertEquals(2, proxy.at("/spec/routes").size(), out());
    assertEquals("cookie", proxy.at("/spec/routes/0/conditions/1/header/name").asText(), out());
    assertEquals(
        ".*canary=always", proxy.at("/spec/routes/0/conditions/1/header/regex").asText(), out());
    assertEquals(100, proxy.at("/spec/routes/0/services/1/weight").asInt(), out());
    assertEquals(1, proxy.at("/spec/routes/1/services").size(), out());
    assertEquals("podinfo-primary", proxy.at("/spec/routes/1/services/0/name").asText(), out());
    CONTOUR.assertValid(proxy);
  }

  @Test
  void anNginxCanaryRendersItsCanaryIngressFromTheIngressInTheFile() throws Exception {
    Path file = Files.createTempFile("nginx", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("src/test/resources/canaries/podinfo-nginx.yaml"))
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: podinfo
              annotations:
                kubernetes.io/ingress.class: nginx
            spec:
              rules:
                - host: app.example.com
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: podinfo
                            port:
                              number: 80
            """);

    int exit = run("-f", file.toString(), "--weight", "20");

    assertEquals(0, exit, err());
    JsonNode ingress = documents().get(3);
    assertEquals("podinfo-canary", ingress.at("/metadata/name").asText());
    assertEquals(
        "20",
        ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight").asText());
    assertEquals(
        "podinfo-canary", ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText());
    assertEquals(2, run("-f", "src/test/resources/canaries/podinfo-nginx.yaml"));
    assertTrue(err().contains("Ingress/podinfo"), "the missing Ingress is named: " + err());
  }

  @Test
  void aLinkerdCanaryRendersATrafficSplitValidForLinkerdSmi() throws Exception {
    int exit = run("-f", "src/test/resources/canaries/podinfo-linkerd.yaml", "--weight", "25");

    assertEquals(0, exit, err());
    JsonNode split = documents().get(3);
    assertEquals("split.smi-spec.io/v1alpha1", split.path("apiVersion").asText(), out());
    assertEquals("podinfo", split.at("/spec/service").asText());
    assertEquals("podinfo-canary", split.at("/spec/backends/0/service").asText());
    assertTrue(split.at("/spec/backends/0/weight").isTextual(), "a v1alpha1 quantity: " + out());
    assertEquals("25", split.at("/spec/backends/0/weight").asText());
    assertEquals("75", split.at("/spec/backends/1/weight").asText());
    CrdSchemaValidator.load("src/test/resources/schemas/linkerd-smi-b55b212-trafficsplits.yaml")
        .assertValid(split);
  }

  @Test
  void plainKubernetesAtFullWeightPointsTheApexAtTheCanarysPods() throws Exception {
    int exit = run("-f", "src/test/resources/canaries/podinfo-bluegreen.yaml", "--weight", "100");

    assertEquals(0, exit, err());
    assertEquals("podinfo", documents().get(0).at("/spec/selector/app").asText());
  }

  @Test
  void anInvalidCanaryOrBadArgumentsSayWhyAndExit2() throws Exception {
    Path file = Files.createTempFile("bad", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("src/test/resources/canaries/podinfo-istio.yaml"))
            .replace("provider: istio", "provider: meshy"));

    assertEquals(2, run("-f", file.toString()));
    assertTrue(err().contains("provider meshy"), err());
    assertEquals(2, run("--weight", "10"));
    assertTrue(err().contains("-f is required"), err());
    assertEquals(2, run("-f", file.toString(), "--weight", "101"));
  }

  @Test
  void valuesOutOfBoundsAreRefusedWithTheFieldNamed() throws Exception {
    Path file = Files.createTempFile("out-of-bounds", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of("src/test/resources/canaries/podinfo-istio.yaml"))
            .replace("maxWeight: 30", "maxWeight: 150\n    canaryReadyThreshold: 0")
            .replace("interval: 30s", "interval: 48h"));

    assertEquals(2, run("-f", file.toString()));
    assertTrue(err().contains("analysis.maxWeight 150 is not within 1..100"), err());
    assertTrue(err().contains("analysis.canaryReadyThreshold 0 is not within 1..100"), err());
    assertTrue(err().contains("analysis.interval 48h is above the maximum of 24h"), err());
  }

  @Test
  void aTraefikCanaryRendersATraefikServiceValidForTraefik() throws Exception {
    int exit = run("-f", TRAEFIK_CANARY, "--weight", "20");

    assertEquals(0, exit, err());
    List<JsonNode> docs = documents();
    assertEquals(
        List.of(
            "Service/podinfo",
            "Service/podinfo-primary",
            "Service/podinfo-canary",
            "TraefikService/podinfo"),
        docs.stream()
            .map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
            .toList());
    JsonNode traefikService = docs.get(3);
    assertEquals("traefik.io/v1alpha1", traefikService.path("apiVersion").asText());
    JsonNode services = traefikService.at("/spec/weighted/services");
    assertEquals("podinfo-primary", services.at("/0/name").asText(), out());
    assertEquals(80, services.at("/0/weight").asInt(), out());
    assertEquals("podinfo-canary", services.at("/1/name").asText(), out());
    assertEquals(20, services.at("/1/weight").asInt(), out());
    assertEquals(80, services.at("/1/port").asInt(), out());
    TraefikFixtures.TRAEFIK_SCHEMA.assertValid(traefikService);
  }

  @Test
  void aTraefikAbTestIsRefusedWithTheFieldNamed() throws Exception {
    Path file = Files.createTempFile("traefik-ab", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of(TRAEFIK_CANARY))
            .replace(
                "    maxWeight: 30\n    stepWeight: 10\n",
                "    iterations: 5\n    match:\n      - headers:\n          x-canary:\n            exact: insider\n"));

    assertEquals(2, run("-f", file.toString()));
    assertTrue(err().contains("provider traefik") && err().contains("analysis.match"), err());
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return render.run(
        List.of(args),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<JsonNode> documents() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

package dev.sluice.router.smi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TrafficSplit of each SMI provider, checked against the CRD that serves its version. */
class TrafficSplitModelTest {

  /** Serves v1alpha1 and v1alpha2, as Linkerd's SMI extension installs it. */
  static final CrdSchemaValidator LINKERD_SMI =
      CrdSchemaValidator.load("src/test/resources/schemas/linkerd-smi-b55b212-trafficsplits.yaml");

  /** Serves v1alpha3, as the SMI SDK published it. */
  static final CrdSchemaValidator SMI_SDK_V1ALPHA3 =
      CrdSchemaValidator.load(
          "src/test/resources/schemas/unregistered/smi-sdk-go-28318bd-trafficsplits.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void linkerdWritesAV1alpha1SplitWithQuantities() {
    // when
    JsonNode split = valid(TrafficSplitModel.desired(podinfo(""), Routes.weighted(10), linkerd()));

    // then
    assertEquals("split.smi-spec.io/v1alpha1", split.path("apiVersion").asText());
    assertEquals("TrafficSplit", split.path("kind").asText());
    assertEquals("podinfo", split.at("/metadata/name").asText());
    assertEquals("test", split.at("/metadata/namespace").asText());
    assertEquals("Canary", split.at("/metadata/ownerReferences/0/kind").asText());
    assertEquals("podinfo", split.at("/spec/service").asText());
    assertEquals(
        json(
            """
            [{"service": "podinfo-canary", "weight": "10"},
             {"service": "podinfo-primary", "weight": "90"}]"""),
        split.at("/spec/backends"));
  }

  @Test
  void osmAndSmiV1alpha2WriteV1alpha2WithNumbers() {
    for (String provider : List.of("osm", "smi:v1alpha2", "smi:v1alpha2:linkerd")) {
      JsonNode split =
          valid(TrafficSplitModel.desired(podinfo(""), Routes.weighted(35), parse(provider)));

      assertEquals("split.smi-spec.io/v1alpha2", split.path("apiVersion").asText(), provider);
      assertEquals(
          json(
              """
              [{"service": "podinfo-canary", "weight": 35},
               {"service": "podinfo-primary", "weight": 65}]"""),
          split.at("/spec/backends"),
          provider);
    }
  }

  @Test
  void smiV1alpha3WritesV1alpha3WithoutMatches() {
    JsonNode split =
        valid(TrafficSplitModel.desired(podinfo(""), Routes.weighted(100), parse("smi:v1alpha3")));

    assertEquals("split.smi-spec.io/v1alpha3", split.path("apiVersion").asText());
    assertEquals(100, split.at("/spec/backends/0/weight").asInt());
    assertEquals(0, split.at("/spec/backends/1/weight").asInt());
    assertTrue(split.at("/spec/matches").isMissingNode(), split.toString());
  }

  @Test
  void theFirstHostIsTheRootServiceAndIstioGetsItsGatewaysAnnotation() {
    // given: hosts and gateways, on the Istio mesh and on another
    Canary canary = podinfo("hosts: [podinfo.test.svc.cluster.local]\ngateways: [public-gw]\n");

    // when
    JsonNode istio =
        valid(
            TrafficSplitModel.desired(canary, Routes.allToPrimary(), parse("smi:v1alpha2:istio")));
    JsonNode other =
        valid(TrafficSplitModel.desired(canary, Routes.allToPrimary(), parse("smi:v1alpha2")));

    // then
    assertEquals("podinfo.test.svc.cluster.local", istio.at("/spec/service").asText());
    assertEquals(
        "[\"public-gw\"]",
        istio.at("/metadata/annotations").path(TrafficSplitModel.ISTIO_GATEWAYS).asText());
    assertFalse(other.at("/metadata/annotations").has(TrafficSplitModel.ISTIO_GATEWAYS));
  }

  @Test
  void theApexMetadataAndFluxOptOutAreWritten() {
    Canary canary =
        podinfo("apex:\n  labels: {team: web}\n  annotations: {example.com/owner: web}\n");

    JsonNode split = valid(TrafficSplitModel.desired(canary, Routes.allToPrimary(), linkerd()));

    assertEquals("web", split.at("/metadata/labels/team").asText());
    assertEquals(
        "web",
        split.at("/metadata/annotations").path("example.com/owner").asText(),
        split.toString());
    assertEquals(
        "disabled",
        split.at("/metadata/annotations").path("kustomize.toolkit.fluxcd.io/reconcile").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"linkerd", "osm", "smi:v1alpha3"})
  void reconcileKeepsTheLiveWeights(String provider) {
    // given: a live split at 40% written by setRoutes
    Canary canary = podinfo("");
    GenericKubernetesResource live =
        fromServer(TrafficSplitModel.desired(canary, Routes.weighted(40), parse(provider)));

    // when
    JsonNode kept = valid(TrafficSplitModel.desiredKeepingWeights(canary, live, parse(provider)));

    // then
    assertEquals(40, weight(kept, 0));
    assertEquals(60, weight(kept, 1));
  }

  @Test
  void withoutALiveSplitAllTrafficGoesToThePrimary() {
    JsonNode split = valid(TrafficSplitModel.desiredKeepingWeights(podinfo(""), null, linkerd()));

    assertEquals("0", split.at("/spec/backends/0/weight").asText());
    assertEquals("100", split.at("/spec/backends/1/weight").asText());
  }

  @Test
  void weightsAreReadBackAsNumbersOrWholeQuantities() {
    Canary canary = podinfo("");

    assertEquals(
        Optional.of(new Routes(70, 30, false)),
        TrafficSplitWeights.read(canary, split("podinfo-canary", "30", "podinfo-primary", 70)));
    assertEquals(
        Optional.of(new Routes(1000, 0, false)),
        TrafficSplitWeights.read(canary, split("podinfo-canary", 0, "podinfo-primary", "1k")));
    // a quantity that is no whole number is no split Sluice wrote
    assertEquals(
        Optional.empty(),
        TrafficSplitWeights.read(
            canary, split("podinfo-canary", "500m", "podinfo-primary", "500m")));
    // backends of other Services do not count
    assertEquals(Optional.empty(), TrafficSplitWeights.read(canary, split("v1", 50, "v2", 50)));
  }

  @Test
  void aSplitOfOtherServicesOrOutOfRangeIsReplacedByAllToPrimaryOrClamped() {
    Canary canary = podinfo("");

    JsonNode foreign =
        valid(
            TrafficSplitModel.desiredKeepingWeights(
                canary, split("v1", 50, "v2", 50), parse("smi:v1alpha2")));
    JsonNode over =
        valid(
            TrafficSplitModel.desiredKeepingWeights(
                canary, split("podinfo-canary", 300, "podinfo-primary", 0), parse("osm")));

    assertEquals(List.of(0, 100), List.of(weight(foreign, 0), weight(foreign, 1)));
    assertEquals(List.of(100, 0), List.of(weight(over, 0), weight(over, 1)));
  }

  @Test
  void aSplitThatIsNotOfHundredIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TrafficSplitModel.desired(podinfo(""), new Routes(50, 60, false), linkerd()));
  }

  @Test
  void theSchemasRefuseWhatTheirVersionDoesNotAccept() {
    // a quantity is no v1alpha3 weight, and linkerd-smi serves no v1alpha3 at all
    GenericKubernetesResource quantities =
        TrafficSplitModel.desired(podinfo(""), Routes.weighted(10), linkerd());
    quantities.setApiVersion("split.smi-spec.io/v1alpha3");

    assertFalse(SMI_SDK_V1ALPHA3.validate(quantities).isEmpty());
    assertFalse(LINKERD_SMI.validate(quantities).isEmpty());
    assertTrue(
        SMI_SDK_V1ALPHA3
            .validate(
                TrafficSplitModel.desired(podinfo(""), Routes.weighted(10), parse("smi:v1alpha3")))
            .isEmpty());
  }

  // --- fixtures ---

  /** Flagger's Linkerd tutorial canary; {@code service} is YAML added to its service block. */
  static Canary podinfo(String service) {
    try {
      Canary canary =
          YAML.readValue(
              """
              apiVersion: flagger.app/v1beta1
              kind: Canary
              metadata:
                name: podinfo
                namespace: test
              spec:
                provider: linkerd
                targetRef:
                  apiVersion: apps/v1
                  kind: Deployment
                  name: podinfo
                service:
                  port: 9898
              %s  analysis:
                  interval: 30s
                  stepWeight: 5
                  maxWeight: 50
              """
                  .formatted(service.indent(4)),
              Canary.class);
      canary.getMetadata().setUid("6a1c4a5e-0d0b-4a55-8f39-2c8b53c0f3a1");
      return canary;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SmiProvider linkerd() {
    return parse("linkerd");
  }

  private static SmiProvider parse(String provider) {
    return SmiProvider.parse(provider).orElseThrow();
  }

  /** The object as the API server would store it, after checking it against its CRD. */
  private static JsonNode valid(GenericKubernetesResource split) {
    CrdSchemaValidator crd =
        split.getApiVersion().endsWith("v1alpha3") ? SMI_SDK_V1ALPHA3 : LINKERD_SMI;
    crd.assertValid(split);
    return JSON.valueToTree(split);
  }

  private static GenericKubernetesResource fromServer(GenericKubernetesResource split) {
    return JSON.convertValue(valid(split), GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource split(String a, Object wa, String b, Object wb) {
    GenericKubernetesResource split = new GenericKubernetesResource();
    split.setApiVersion("split.smi-spec.io/v1alpha2");
    split.setKind("TrafficSplit");
    split.setAdditionalProperty(
        "spec",
        Map.of(
            "service",
            "podinfo",
            "backends",
            List.of(Map.of("service", a, "weight", wa), Map.of("service", b, "weight", wb))));
    return split;
  }

  private static int weight(JsonNode split, int backend) {
    return new BigDecimal(split.at("/spec/backends/" + backend + "/weight").asText())
        .intValueExact();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

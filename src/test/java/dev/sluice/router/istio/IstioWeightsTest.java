package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.podinfo;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live traffic state, read back, and kept by a structural reconcile. */
class IstioWeightsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 25, 50, 99, 100})
  void readsBackTheWeightsItWrote(int canaryWeight) {
    // given: the object as an informer hands it over, parsed from the API server's JSON
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(VirtualServiceModel.desired(canary, Routes.weighted(canaryWeight)));

    // when
    Optional<Routes> routes = VirtualServiceWeights.read(canary, live);

    // then
    assertEquals(Optional.of(Routes.weighted(canaryWeight)), routes);
  }

  @Test
  void readsBackMirroring() {
    // given
    Canary canary = podinfo();
    canary.getSpec().getAnalysis().setMirrorWeight(20);
    GenericKubernetesResource live =
        fromServer(VirtualServiceModel.desired(canary, new Routes(100, 0, true)));

    // when / then
    assertEquals(Optional.of(new Routes(100, 0, true)), VirtualServiceWeights.read(canary, live));
  }

  @Test
  void readsTheSplitOfAnAbTestFromTheCanaryRoute() {
    // given
    Canary canary = abTest();
    GenericKubernetesResource live =
        fromServer(VirtualServiceModel.desired(canary, new Routes(0, 100, false)));

    // when / then
    assertEquals(Optional.of(new Routes(0, 100, false)), VirtualServiceWeights.read(canary, live));
  }

  @Test
  void findsNoSplitInAVirtualServiceItDidNotWrite() {
    // given: a user's VirtualService that routes to the plain Service
    Canary canary = podinfo();
    GenericKubernetesResource foreign =
        fromServer(VirtualServiceModel.desired(canary, Routes.weighted(10)));
    JsonNode spec = JSON.valueToTree(foreign.getAdditionalProperties().get("spec"));
    ((ObjectNode) spec.at("/http/0/route/1/destination")).put("host", "podinfo");
    foreign.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
    GenericKubernetesResource empty =
        fromServer(VirtualServiceModel.desired(canary, Routes.weighted(10)));
    empty.setAdditionalProperty("spec", Map.of());

    // when / then
    assertEquals(Optional.empty(), VirtualServiceWeights.read(canary, foreign));
    assertEquals(Optional.empty(), VirtualServiceWeights.read(canary, empty));
  }

  @Test
  void reconcilingStructureKeepsTheLiveWeightsAndMirroring() {
    // given: a run at 30% with mirroring, then the user adds a host and a timeout
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(VirtualServiceModel.desired(canary, new Routes(70, 30, true)));
    canary.getSpec().getService().setHosts(List.of("app.example.com"));
    canary.getSpec().getService().setTimeout("5s");

    // when
    JsonNode desired = validJson(VirtualServiceModel.desiredKeepingWeights(canary, live));

    // then
    assertEquals(
        List.of("app.example.com", "podinfo"),
        JSON.convertValue(desired.at("/spec/hosts"), List.class));
    assertEquals("5s", desired.at("/spec/http/0/timeout").asText());
    assertEquals(70, desired.at("/spec/http/0/route/0/weight").asInt());
    assertEquals(30, desired.at("/spec/http/0/route/1/weight").asInt());
    assertEquals("podinfo-canary", desired.at("/spec/http/0/mirror/host").asText());
  }

  @Test
  void reconcilingAnUnchangedCanaryReproducesTheLiveObject() {
    // given
    Canary canary = abTest();
    GenericKubernetesResource written =
        VirtualServiceModel.desired(canary, new Routes(40, 60, false));

    // when
    GenericKubernetesResource desired =
        VirtualServiceModel.desiredKeepingWeights(canary, fromServer(written));

    // then: nothing to patch
    assertEquals(JSON.valueToTree(written), validJson(desired));
  }

  @Test
  void reconcilingWithoutALiveObjectSendsEverythingToPrimary() {
    // given
    Canary canary = podinfo();

    // when
    JsonNode desired = validJson(VirtualServiceModel.desiredKeepingWeights(canary, null));

    // then
    assertEquals(100, desired.at("/spec/http/0/route/0/weight").asInt());
    assertEquals(0, desired.at("/spec/http/0/route/1/weight").asInt());
  }

  @Test
  void reconcilingRepairsWeightsThatDoNotSumTo100() {
    // given: someone edited the weights by hand
    Canary canary = podinfo();
    GenericKubernetesResource live =
        fromServer(VirtualServiceModel.desired(canary, Routes.weighted(10)));
    JsonNode spec = JSON.valueToTree(live.getAdditionalProperties().get("spec"));
    ((ObjectNode) spec.at("/http/0/route/0")).put("weight", 50);
    ((ObjectNode) spec.at("/http/0/route/1")).put("weight", 60);
    live.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
    assertEquals(Optional.of(new Routes(50, 60, false)), VirtualServiceWeights.read(canary, live));

    // when
    JsonNode desired = validJson(VirtualServiceModel.desiredKeepingWeights(canary, live));

    // then: the canary weight is kept, the primary gets the rest
    assertEquals(40, desired.at("/spec/http/0/route/0/weight").asInt());
    assertEquals(60, desired.at("/spec/http/0/route/1/weight").asInt());
    assertNotEquals(JSON.valueToTree(live), desired);
  }

  private static Canary abTest() {
    Canary canary = podinfo();
    HeaderStringMatch insider = new HeaderStringMatch();
    insider.setExact("insider");
    AbMatch match = new AbMatch();
    match.setHeaders(Map.of("x-canary", insider));
    canary.getSpec().getAnalysis().setMatch(List.of(match));
    canary.getSpec().getAnalysis().setIterations(10);
    return canary;
  }

  /** A round trip through JSON, as the object comes back from the API server. */
  private static GenericKubernetesResource fromServer(GenericKubernetesResource written) {
    try {
      return JSON.readValue(JSON.writeValueAsString(written), GenericKubernetesResource.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

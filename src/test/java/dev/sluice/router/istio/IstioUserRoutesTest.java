package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.ISTIO_SCHEMA;
import static dev.sluice.router.istio.IstioFixtures.fromServer;
import static dev.sluice.router.istio.IstioFixtures.podinfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The VirtualService is shared: Sluice writes what the Canary owns and keeps what users add. */
class IstioUserRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String REDIRECT =
      "{\"name\": \"old-docs\", \"match\": [{\"uri\": {\"prefix\": \"/docs\"}}],"
          + " \"redirect\": {\"uri\": \"/help\"}}";
  private static final String ADMIN =
      "{\"match\": [{\"uri\": {\"prefix\": \"/admin\"}}],"
          + " \"route\": [{\"destination\": {\"host\": \"admin\"}}]}";

  /** The live object after someone edited it. */
  private static GenericKubernetesResource edited(
      GenericKubernetesResource written, Consumer<ObjectNode> edit) {
    ObjectNode tree = JSON.valueToTree(fromServer(written));
    tree.with("metadata").put("resourceVersion", "7");
    edit.accept(tree);
    return JSON.convertValue(tree, GenericKubernetesResource.class);
  }

  private static Consumer<ObjectNode> userAdds() {
    return tree -> {
      ObjectNode spec = tree.with("spec");
      ArrayNode http = (ArrayNode) spec.get("http");
      http.insert(0, read(REDIRECT));
      http.add(read(ADMIN));
      spec.putArray("exportTo").add(".");
      spec.putArray("tcp")
          .add(
              read(
                  "{\"match\": [{\"port\": 5432}], \"route\": [{\"destination\": {\"host\": \"db\"}}]}"));
      tree.with("metadata").with("labels").put("team", "web");
    };
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** One router write: what lands on {@code live} for the desired object, or live if unchanged. */
  private static GenericKubernetesResource write(
      GenericKubernetesResource desired, GenericKubernetesResource live) {
    Optional<GenericKubernetesResource> merged = VirtualServiceMerge.onto(live, desired);
    merged.ifPresent(ISTIO_SCHEMA::assertValid);
    return merged.map(IstioFixtures::fromServer).orElse(live);
  }

  private static List<String> names(GenericKubernetesResource resource) {
    List<String> names = new ArrayList<>();
    IstioResource.spec(resource).path("http").forEach(r -> names.add(r.path("name").asText("")));
    return names;
  }

  @Test
  void theUsersRoutesStayAheadOfSluicesThroughStepsPromotionAndRollback() {
    // given a VirtualService to which someone added a redirect, an /admin route, tcp and exportTo
    Canary canary = podinfo();
    GenericKubernetesResource live =
        edited(VirtualServiceModel.desired(canary, Routes.allToPrimary()), userAdds());

    // when the run steps to 10 and 20, then goes back to the primary (promotion or rollback)
    for (Routes routes : List.of(Routes.weighted(10), Routes.weighted(20), Routes.allToPrimary())) {
      live = write(VirtualServiceModel.desired(canary, routes), live);

      // then the users' routes keep their order ahead of Sluice's, which carries the weights
      assertEquals(List.of("old-docs", "", "sluice-split"), names(live));
      assertEquals(Optional.of(routes), VirtualServiceWeights.read(canary, live));
      JsonNode spec = IstioResource.spec(live);
      assertEquals("[\".\"]", spec.get("exportTo").toString());
      assertEquals(5432, spec.at("/tcp/0/match/0/port").asInt());
      assertEquals("web", live.getMetadata().getLabels().get("team"));
      assertEquals(
          "disabled",
          live.getMetadata().getAnnotations().get("kustomize.toolkit.fluxcd.io/reconcile"));
    }
  }

  @Test
  void aStructuralReconcileKeepsTheUsersRoutesAndTheLiveWeights() {
    Canary canary = podinfo();
    GenericKubernetesResource live =
        edited(VirtualServiceModel.desired(canary, Routes.weighted(30)), userAdds());

    canary.getSpec().getService().setTimeout("5s");
    GenericKubernetesResource after =
        write(VirtualServiceModel.desiredKeepingWeights(canary, live), live);

    assertEquals(List.of("old-docs", "", "sluice-split"), names(after));
    assertEquals(Optional.of(Routes.weighted(30)), VirtualServiceWeights.read(canary, after));
    assertEquals("5s", IstioResource.spec(after).at("/http/2/timeout").asText());
  }

  @Test
  void anEditToWhatTheCanaryOwnsIsPutBack() {
    // given someone added a host and a gateway, moved a weight and put a fault into Sluice's route
    Canary canary = podinfo();
    GenericKubernetesResource written = VirtualServiceModel.desired(canary, Routes.weighted(10));
    GenericKubernetesResource live =
        edited(
            written,
            tree -> {
              ObjectNode spec = tree.with("spec");
              ((ArrayNode) spec.get("hosts")).add("extra.example.com");
              ((ArrayNode) spec.get("gateways")).add("public-gateway");
              ObjectNode split = (ObjectNode) spec.at("/http/0");
              ((ObjectNode) split.at("/route/0")).put("weight", 50);
              ((ObjectNode) split.at("/route/1")).put("weight", 50);
              split.putObject("fault").putObject("abort").put("httpStatus", 503);
            });

    // when the next write lands
    GenericKubernetesResource after =
        write(VirtualServiceModel.desired(canary, Routes.weighted(10)), live);

    // then the Canary's hosts, gateways and route are back, exactly
    JsonNode spec = IstioResource.spec(after);
    JsonNode wanted = IstioResource.spec(written);
    assertEquals(wanted.get("hosts"), spec.get("hosts"));
    assertEquals(wanted.get("gateways"), spec.get("gateways"));
    assertEquals(wanted.get("http"), spec.get("http"));
  }

  @Test
  void aLiveObjectThatAlreadySaysWhatTheCanaryOwnsIsNotWritten() {
    // given users' additions, once merged, and a mirror percentage the API server gives back as
    // 50 where Sluice wrote 50.0
    Canary canary = podinfo();
    canary.getSpec().getAnalysis().setMirrorWeight(50);
    GenericKubernetesResource desired =
        VirtualServiceModel.desired(canary, new Routes(100, 0, true));
    GenericKubernetesResource merged = write(desired, edited(desired, userAdds()));
    GenericKubernetesResource live =
        edited(
            merged,
            tree -> ((ObjectNode) tree.at("/spec/http/2/mirrorPercentage")).put("value", 50));

    // when / then: an idle tick writes nothing
    assertEquals(Optional.empty(), VirtualServiceMerge.onto(live, desired));
    assertEquals(
        Optional.empty(),
        VirtualServiceMerge.onto(live, VirtualServiceModel.desiredKeepingWeights(canary, live)));
  }

  @Test
  void aFlaggerVirtualServiceIsTakenOverAndOnlyForeignRoutesStay() {
    // given Flagger's layout: an unnamed weighted route after its sticky-route, plus a redirect
    Canary canary = IstioFixtures.sticky(null);
    GenericKubernetesResource live =
        edited(
            VirtualServiceModel.desired(canary, Routes.weighted(40)),
            tree -> {
              ArrayNode http = (ArrayNode) tree.at("/spec/http");
              for (JsonNode route : http) {
                ((ObjectNode) route).remove("name");
              }
              ((ObjectNode) http.get(1)).put("name", "sticky-route");
              http.remove(0);
              http.insert(0, read(REDIRECT));
            });
    assertEquals(Optional.of(Routes.weighted(40)), VirtualServiceWeights.read(canary, live));

    // when Sluice writes it
    GenericKubernetesResource after =
        write(VirtualServiceModel.desiredKeepingWeights(canary, live), live);

    // then Flagger's routes are replaced by Sluice's, the weight kept, the redirect left alone
    assertEquals(
        List.of("old-docs", "sluice-expire-flagger-cookie", "sluice-sticky-canary", "sluice-split"),
        names(after));
    assertEquals(Optional.of(Routes.weighted(40)), VirtualServiceWeights.read(canary, after));
  }

  @Test
  void aUsersRouteToTheCanaryHostIsNeverReadAsTheSplit() {
    Canary canary = podinfo();
    GenericKubernetesResource live =
        edited(
            VirtualServiceModel.desired(canary, Routes.weighted(10)),
            tree ->
                ((ArrayNode) tree.at("/spec/http"))
                    .insert(
                        0,
                        read(
                            "{\"name\": \"beta\", \"match\": [{\"uri\": {\"prefix\": \"/beta\"}}],"
                                + " \"route\": [{\"destination\": {\"host\": \"podinfo-canary\"},"
                                + " \"weight\": 100}]}")));

    assertEquals(Optional.of(Routes.weighted(10)), VirtualServiceWeights.read(canary, live));
    assertTrue(
        names(write(VirtualServiceModel.desired(canary, Routes.weighted(20)), live))
            .contains("beta"));
  }

  @Test
  void aDelegateLosesTheHostsAndGatewaysSomeoneAdded() {
    Canary canary = podinfo();
    canary.getSpec().getService().setDelegation(true);
    GenericKubernetesResource live =
        edited(
            VirtualServiceModel.desired(canary, Routes.weighted(10)),
            tree -> {
              tree.with("spec").putArray("hosts").add("podinfo");
              tree.with("spec").putArray("gateways").add("mesh");
            });

    JsonNode spec =
        IstioResource.spec(write(VirtualServiceModel.desired(canary, Routes.weighted(10)), live));

    assertTrue(spec.path("hosts").isMissingNode(), spec.toString());
    assertTrue(spec.path("gateways").isMissingNode(), spec.toString());
  }

  @Test
  void whenTheCanaryGoesAVirtualServiceWithUsersRoutesIsReleasedToThem() {
    // given a VirtualService with the users' additions
    Canary canary = podinfo();
    GenericKubernetesResource live =
        write(
            VirtualServiceModel.desired(canary, Routes.weighted(10)),
            edited(VirtualServiceModel.desired(canary, Routes.weighted(10)), userAdds()));

    // when the Canary is deleted
    GenericKubernetesResource released = VirtualServiceMerge.released(live, canary).orElseThrow();

    // then their routes stay, Sluice's give way to a catch-all to the apex Service, and nothing
    // ties the object to the Canary any more
    ISTIO_SCHEMA.assertValid(released);
    assertEquals(List.of("old-docs", "", "podinfo"), names(released));
    assertEquals(
        "podinfo", IstioResource.spec(released).at("/http/2/route/0/destination/host").asText());
    assertTrue(released.getMetadata().getOwnerReferences().isEmpty());
    assertNull(
        released.getMetadata().getAnnotations(), "only Sluice's GitOps opt-out marks were there");
    assertEquals("web", released.getMetadata().getLabels().get("team"));
    assertTrue(
        VirtualServiceMerge.unchanged(
            VirtualServiceMerge.released(fromServer(released), canary).orElseThrow(),
            fromServer(released)),
        "releasing again changes nothing");
  }

  @Test
  void whenTheCanaryGoesAVirtualServiceOfItsOwnIsDeleted() {
    Canary canary = podinfo();

    assertEquals(
        Optional.empty(),
        VirtualServiceMerge.released(
            fromServer(VirtualServiceModel.desired(canary, Routes.weighted(10))), canary));
  }
}

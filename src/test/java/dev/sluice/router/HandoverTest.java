package dev.sluice.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoverTest {

  @Test
  void aReleasedObjectLosesOnlyTheCanarysOwnershipAndMarksAndGetsTheNewSpec() {
    // given: a routing object owned by the canary and by someone else, with Sluice's marks
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withUid("canary-uid").build());
    OwnerReference other =
        new OwnerReferenceBuilder().withKind("App").withName("shop").withUid("app-uid").build();
    Map<String, String> annotations = new LinkedHashMap<>(Handover.GITOPS_OPT_OUT);
    annotations.put("team", "web");
    GenericKubernetesResource live = new GenericKubernetesResource();
    live.setApiVersion("projectcontour.io/v1");
    live.setKind("HTTPProxy");
    live.setMetadata(
        new ObjectMetaBuilder()
            .withName("podinfo")
            .withAnnotations(annotations)
            .withOwnerReferences(canary.ownerReference(), other)
            .build());
    live.setAdditionalProperty("spec", Map.of("routes", List.of("old")));

    // when
    GenericKubernetesResource released =
        Handover.released(live, canary, Map.of("routes", List.of("to-apex")));

    // then
    assertEquals(List.of(other), released.getMetadata().getOwnerReferences());
    assertEquals(Map.of("team", "web"), released.getMetadata().getAnnotations());
    assertEquals(
        Map.of("routes", List.of("to-apex")), released.getAdditionalProperties().get("spec"));
    assertEquals("HTTPProxy", released.getKind());
    // the informer's copy is left as the API server sent it
    assertEquals(2, live.getMetadata().getOwnerReferences().size());
    assertEquals(3, live.getMetadata().getAnnotations().size());
    assertEquals(Map.of("routes", List.of("old")), live.getAdditionalProperties().get("spec"));
  }
}

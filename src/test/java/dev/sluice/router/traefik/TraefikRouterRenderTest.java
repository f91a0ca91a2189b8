package dev.sluice.router.traefik;

import static dev.sluice.router.traefik.TraefikFixtures.podinfo;
import static dev.sluice.router.traefik.TraefikFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** render: the TraefikService at a split, from the Canary alone. */
class TraefikRouterRenderTest {
  private final TraefikRouter router = new TraefikRouter();

  @Test
  void rendersTheTraefikServiceAtTheSplit() {
    List<HasMetadata> objects = router.render(podinfo(), Routes.weighted(40), Map.of());

    assertEquals(1, objects.size());
    JsonNode service = validJson((GenericKubernetesResource) objects.get(0));
    assertEquals("podinfo", service.at("/metadata/name").asText());
    assertEquals(60, service.at("/spec/weighted/services/0/weight").asInt());
    assertEquals(40, service.at("/spec/weighted/services/1/weight").asInt());
  }
}

package dev.sluice.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** render: the canary Ingress from the user's Ingress given by name, without a cluster. */
class NginxRouterRenderTest {
  private final NginxRouter router = new NginxRouter();

  @Test
  void rendersTheCanaryIngressFromTheGivenIngress() {
    Canary canary = CanaryIngressModelTest.canary("");
    Ingress user = CanaryIngressModelTest.userIngress(Map.of());

    List<HasMetadata> objects =
        router.render(canary, Routes.weighted(25), Map.of("Ingress/podinfo", user));

    assertEquals(1, objects.size());
    Ingress ingress = (Ingress) objects.get(0);
    IngressValidity.assertValid(ingress);
    assertEquals("podinfo-canary", ingress.getMetadata().getName());
    assertEquals("25", ingress.getMetadata().getAnnotations().get(CanaryIngressModel.WEIGHT));
  }

  @Test
  void aGivenIngressReadAsAnUntypedObjectWorksToo() {
    Canary canary = CanaryIngressModelTest.canary("");
    var json = new KubernetesSerialization();
    GenericKubernetesResource user =
        json.convertValue(
            CanaryIngressModelTest.userIngress(Map.of()), GenericKubernetesResource.class);

    List<HasMetadata> objects =
        router.render(canary, Routes.allToPrimary(), Map.of("Ingress/podinfo", user));

    assertEquals(
        "podinfo-canary",
        ((Ingress) objects.get(0))
            .getSpec()
            .getRules()
            .get(0)
            .getHttp()
            .getPaths()
            .get(0)
            .getBackend()
            .getService()
            .getName());
  }

  @Test
  void aMissingIngressIsNamed() {
    Canary canary = CanaryIngressModelTest.canary("");

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> router.render(canary, Routes.allToPrimary(), Map.of()));

    assertTrue(e.getMessage().contains("Ingress/podinfo"), e.getMessage());
  }
}

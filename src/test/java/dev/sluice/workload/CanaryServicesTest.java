package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CustomMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryServicesTest {

  private static final SelectorLabel APP = new SelectorLabel("app", "podinfo");

  private static CanaryServices.ServiceSet desired(Canary canary) {
    return CanaryServices.desired(
        canary, APP, Fixtures.podinfo().getSpec().getTemplate().getSpec());
  }

  private static CustomMetadata metadata(String label, String annotation) {
    CustomMetadata metadata = new CustomMetadata();
    metadata.setLabels(Map.of("tier", label));
    metadata.setAnnotations(Map.of("note", annotation));
    return metadata;
  }

  @Test
  void threeServicesNamedAndSelectingAsFlaggerDoes() {
    // when
    CanaryServices.ServiceSet services = desired(Fixtures.canary());

    // then
    assertEquals("podinfo", services.apex().getMetadata().getName());
    assertEquals("podinfo-primary", services.primary().getMetadata().getName());
    assertEquals("podinfo-canary", services.canary().getMetadata().getName());
    assertEquals(Map.of("app", "podinfo-primary"), services.apex().getSpec().getSelector());
    assertEquals(Map.of("app", "podinfo-primary"), services.primary().getSpec().getSelector());
    assertEquals(Map.of("app", "podinfo"), services.canary().getSpec().getSelector());
    assertEquals(Map.of("app", "podinfo-canary"), services.canary().getMetadata().getLabels());
    assertEquals("ClusterIP", services.primary().getSpec().getType());
    assertNull(services.primary().getSpec().getClusterIP());
    assertEquals("podinfo", services.apex().getMetadata().getOwnerReferences().get(0).getName());
    assertEquals(
        Map.of(
            "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
            "helm.toolkit.fluxcd.io/driftDetection", "disabled"),
        services.apex().getMetadata().getAnnotations());
  }

  @Test
  void portDefaultsToHttpAndToTheServicePort() {
    // when
    List<ServicePort> ports = desired(Fixtures.canary()).apex().getSpec().getPorts();

    // then
    assertEquals(1, ports.size());
    assertEquals("http", ports.get(0).getName());
    assertEquals("TCP", ports.get(0).getProtocol());
    assertEquals(9898, ports.get(0).getPort());
    assertEquals(new IntOrString(9898), ports.get(0).getTargetPort());
    assertNull(ports.get(0).getAppProtocol());
  }

  @Test
  void namedPortTargetPortAndAppProtocolAreUsed() {
    // given
    Canary canary = Fixtures.canary();
    canary.getSpec().getService().setName("frontend");
    canary.getSpec().getService().setPortName("grpc");
    canary.getSpec().getService().setTargetPort(new IntOrString("http"));
    canary.getSpec().getService().setAppProtocol("kubernetes.io/h2c");

    // when
    CanaryServices.ServiceSet services = desired(canary);

    // then
    ServicePort port = services.canary().getSpec().getPorts().get(0);
    assertEquals("frontend-canary", services.canary().getMetadata().getName());
    assertEquals("grpc", port.getName());
    assertEquals(new IntOrString("http"), port.getTargetPort());
    assertEquals("kubernetes.io/h2c", port.getAppProtocol());
  }

  @Test
  void portDiscoveryAddsContainerPortsButNotTheServicePortOrSidecars() {
    // given
    Canary canary = Fixtures.canary();
    canary.getSpec().getService().setPortDiscovery(true);

    // when
    List<ServicePort> ports = desired(canary).primary().getSpec().getPorts();

    // then
    assertEquals(
        List.of("http", "http-metrics", "tcp-podinfod-2"),
        ports.stream().map(ServicePort::getName).toList());
    assertEquals(8080, ports.get(1).getPort());
    assertEquals(new IntOrString(8080), ports.get(1).getTargetPort());
    assertEquals(8888, ports.get(2).getPort());
  }

  @Test
  void headlessAppliesToPrimaryAndCanaryOnly() {
    // given
    Canary canary = Fixtures.canary();
    canary.getSpec().getService().setHeadless(true);

    // when
    CanaryServices.ServiceSet services = desired(canary);

    // then
    assertNull(services.apex().getSpec().getClusterIP());
    assertEquals("None", services.primary().getSpec().getClusterIP());
    assertEquals("None", services.canary().getSpec().getClusterIP());
  }

  @Test
  void customMetadataGoesToItsOwnService() {
    // given
    Canary canary = Fixtures.canary();
    canary.getSpec().getService().setApex(metadata("apex", "a"));
    canary.getSpec().getService().setPrimary(metadata("primary", "p"));
    canary.getSpec().getService().setCanary(metadata("canary", "c"));

    // when
    CanaryServices.ServiceSet services = desired(canary);

    // then
    assertEquals(
        Map.of("tier", "apex", "app", "podinfo"), services.apex().getMetadata().getLabels());
    assertEquals(
        Map.of("tier", "primary", "app", "podinfo-primary"),
        services.primary().getMetadata().getLabels());
    assertEquals("c", services.canary().getMetadata().getAnnotations().get("note"));
    assertEquals("p", services.primary().getMetadata().getAnnotations().get("note"));
  }

  @Test
  void mergeKeepsWhatTheApiServerAllocatedAndReportsNoChange() {
    // given the API server's copy of what Sluice created
    Service desired = desired(Fixtures.canary()).apex();
    Service existing = ModelCopy.of(desired, Service.class);
    existing.getSpec().setClusterIP("10.0.0.7");
    existing.getSpec().setClusterIPs(List.of("10.0.0.7"));
    existing.getSpec().setIpFamilies(List.of("IPv4"));
    existing.getSpec().setSessionAffinity("None");
    existing.getMetadata().setResourceVersion("42");

    // when
    ServiceMerge.Merged merged = ServiceMerge.merge(existing, desired, "podinfo");

    // then
    assertFalse(merged.changed());
    assertEquals("10.0.0.7", merged.service().getSpec().getClusterIP());
    assertEquals("42", merged.service().getMetadata().getResourceVersion());
  }

  @Test
  void mergeUpdatesPortsAndSelectorButKeepsNodePortsAndOthersMetadata() {
    // given a user-made NodePort apex Service that Sluice does not control
    Service desired = desired(Fixtures.canary()).apex();
    Service existing = ModelCopy.of(desired, Service.class);
    existing.getMetadata().setOwnerReferences(List.of());
    existing.getMetadata().setLabels(Map.of("owner", "user"));
    existing.getSpec().setType("NodePort");
    existing.getSpec().setSelector(Map.of("app", "podinfo"));
    existing.getSpec().getPorts().get(0).setNodePort(30080);
    existing.getSpec().getPorts().get(0).setTargetPort(new IntOrString(80));

    // when
    ServiceMerge.Merged merged = ServiceMerge.merge(existing, desired, "podinfo");

    // then
    assertTrue(merged.changed());
    Service service = merged.service();
    assertEquals("NodePort", service.getSpec().getType());
    assertEquals(Map.of("app", "podinfo-primary"), service.getSpec().getSelector());
    assertEquals(30080, service.getSpec().getPorts().get(0).getNodePort());
    assertEquals(new IntOrString(9898), service.getSpec().getPorts().get(0).getTargetPort());
    assertEquals(Map.of("owner", "user"), service.getMetadata().getLabels());
  }

  @Test
  void mergeAddsDesiredMetadataToOwnedServicesAndKeepsForeignKeys() {
    // given
    Canary canary = Fixtures.canary();
    canary.getSpec().getService().setApex(metadata("apex", "a"));
    Service desired = desired(canary).apex();
    Service existing = desired(Fixtures.canary()).apex();
    existing
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withKind("Canary")
                    .withName("podinfo")
                    .withController(true)
                    .build()));
    existing.getMetadata().getAnnotations().put("cloud.example.com/lb-id", "lb-1");

    // when
    ServiceMerge.Merged merged = ServiceMerge.merge(existing, desired, "podinfo");

    // then
    assertTrue(merged.changed());
    assertEquals("apex", merged.service().getMetadata().getLabels().get("tier"));
    assertEquals("a", merged.service().getMetadata().getAnnotations().get("note"));
    assertEquals(
        "lb-1", merged.service().getMetadata().getAnnotations().get("cloud.example.com/lb-id"));
  }
}

package dev.sluice.playground;

import dev.sluice.router.istio.IstioRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The fabric8 mock API server in CRUD mode on 127.0.0.1, with the podinfo objects Sluice would have
 * written mid-analysis: the target {@code podinfo}, its {@code podinfo-primary}, their Services and
 * the VirtualService {@code podinfo}.
 */
final class MockCluster implements AutoCloseable {

  static final String NAMESPACE = "playground";
  static final String IMAGE = "ghcr.io/stefanprodan/podinfo:";

  final InMemoryApi api;
  final KubernetesClient client;

  /** The playground's own in-memory API, with the CRDs registered as the playground does. */
  MockCluster() {
    api = InMemoryApi.start(java.nio.file.Path.of("crds"));
    client = api.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  /** podinfo 2.0.0 failing half its requests, podinfo-primary 1.0.0, and their Services. */
  void createPodinfo() {
    createDeployment("podinfo", "2.0.0", Map.of("ERROR_RATE", "0.5"));
    createDeployment("podinfo-primary", "1.0.0", Map.of());
    createService("podinfo-primary", "podinfo-primary");
    createService("podinfo-canary", "podinfo");
  }

  Deployment createDeployment(String name, String version, Map<String, String> env) {
    return client.resource(Scenario.sampleApp(name, version, env)).create();
  }

  void createService(String name, String selectedApp) {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", selectedApp))
                .addNewPort()
                .withName("http")
                .withPort(9898)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  /** The VirtualService {@code podinfo} as Sluice writes it, with the given split. */
  void createVirtualService(int primaryWeight, int canaryWeight) {
    GenericKubernetesResource vs = new GenericKubernetesResource();
    vs.setApiVersion("networking.istio.io/v1beta1");
    vs.setKind("VirtualService");
    vs.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("podinfo")
            .withNamespace(NAMESPACE)
            .build());
    vs.setAdditionalProperty("spec", spec(primaryWeight, canaryWeight));
    client.genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE).resource(vs).create();
  }

  void setWeights(int primaryWeight, int canaryWeight) {
    client
        .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
        .inNamespace(NAMESPACE)
        .withName("podinfo")
        .edit(
            vs -> {
              vs.setAdditionalProperty("spec", spec(primaryWeight, canaryWeight));
              return vs;
            });
  }

  private static Map<String, Object> spec(int primaryWeight, int canaryWeight) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("hosts", List.of("podinfo"));
    spec.put("gateways", List.of("mesh"));
    spec.put(
        "http",
        List.of(
            Map.of(
                "route",
                List.of(
                    destination("podinfo-primary", primaryWeight),
                    destination("podinfo-canary", canaryWeight)))));
    return spec;
  }

  private static Map<String, Object> destination(String host, int weight) {
    return Map.of("destination", Map.of("host", host), "weight", weight);
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  void editDeployment(String name, UnaryOperator<Deployment> edit) {
    client.apps().deployments().inNamespace(NAMESPACE).withName(name).edit(edit);
  }

  void scale(String name, int replicas) {
    editDeployment(
        name, d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
  }

  void setImage(String name, String version) {
    editDeployment(
        name,
        d ->
            new DeploymentBuilder(d)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(IMAGE + version)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
  }

  @Override
  public void close() {
    api.close();
  }
}

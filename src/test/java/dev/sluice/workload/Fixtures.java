package dev.sluice.workload;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/** The objects of Flagger's own test fixtures: podinfo and its configs, in namespace default. */
final class Fixtures {

  static final String NS = "default";

  private Fixtures() {}

  static Canary canary() {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder().withName("podinfo").withNamespace(NS).withUid("uid-1").build());
    CanarySpec spec = new CanarySpec();
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName("podinfo");
    spec.setTargetRef(target);
    CanaryService service = new CanaryService();
    service.setPort(9898);
    spec.setService(service);
    spec.setAnalysis(new CanaryAnalysis());
    canary.setSpec(spec);
    return canary;
  }

  /**
   * podinfo referencing every kind of config slot: env valueFrom, envFrom, volumes, projected
   * volumes, for a container and an init container.
   */
  static Deployment podinfo() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("podinfo")
        .withNamespace(NS)
        .withLabels(
            Map.of("app", "podinfo", "team", "web", "kustomize.toolkit.fluxcd.io/name", "apps"))
        .withAnnotations(
            Map.of(
                "kubectl.kubernetes.io/last-applied-configuration", "{}",
                "argocd.argoproj.io/tracking-id", "apps:apps/Deployment:default/podinfo",
                "kustomize.toolkit.fluxcd.io/checksum", "abc",
                "deployment.kubernetes.io/revision", "3",
                "owner", "team-web"))
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withMinReadySeconds(5)
        .withProgressDeadlineSeconds(60)
        .withRevisionHistoryLimit(4)
        .withNewStrategy()
        .withType("RollingUpdate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Map.of("app", "podinfo"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", "podinfo", "version", "6.0"))
        .withAnnotations(Map.of("prometheus.io/scrape", "true"))
        .endMetadata()
        .withNewSpec()
        .addNewInitContainer()
        .withName("init")
        .withImage("busybox")
        .addNewEnv()
        .withName("INIT")
        .withNewValueFrom()
        .withNewConfigMapKeyRef("color", "podinfo-config-init", null)
        .endValueFrom()
        .endEnv()
        .endInitContainer()
        .addNewContainer()
        .withName("podinfod")
        .withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
        .addNewPort()
        .withName("http")
        .withContainerPort(9898)
        .endPort()
        .addNewPort()
        .withName("http-metrics")
        .withContainerPort(8080)
        .endPort()
        .addNewPort()
        .withContainerPort(8888)
        .endPort()
        .addNewEnv()
        .withName("COLOR")
        .withNewValueFrom()
        .withNewConfigMapKeyRef("color", "podinfo-config-env", null)
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("API_KEY")
        .withNewValueFrom()
        .withNewSecretKeyRef("apiKey", "podinfo-secret-env", null)
        .endValueFrom()
        .endEnv()
        .addNewEnvFrom()
        .withNewConfigMapRef("podinfo-config-all-env", null)
        .endEnvFrom()
        .addNewEnvFrom()
        .withNewSecretRef("podinfo-secret-all-env", null)
        .endEnvFrom()
        .endContainer()
        .addNewContainer()
        .withName("istio-proxy")
        .withImage("istio/proxyv2")
        .addNewPort()
        .withName("http-envoy-prom")
        .withContainerPort(15090)
        .endPort()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("podinfo-config-vol")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("secret")
        .withNewSecret()
        .withSecretName("podinfo-secret-vol")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("projected")
        .withNewProjected()
        .addNewSource()
        .withNewConfigMap()
        .withName("podinfo-config-projected")
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewSecret()
        .withName("podinfo-secret-projected")
        .endSecret()
        .endSource()
        .endProjected()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(Map.of("app", "podinfo"))
        .endMetadata()
        .withData(data)
        .build();
  }

  static Secret secret(String name, String type, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withType(type)
        .withData(data)
        .build();
  }
}

package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReferencesTest {

  private static TrackedConfigs tracking(String... keys) {
    List<ConfigRef> refs =
        java.util.Arrays.stream(keys)
            .map(
                key -> {
                  String[] parts = key.split("/");
                  ConfigRef.Kind kind =
                      parts[0].equals("configmap")
                          ? ConfigRef.Kind.CONFIG_MAP
                          : ConfigRef.Kind.SECRET;
                  return new ConfigRef(kind, parts[1], "0000");
                })
            .toList();
    return new TrackedConfigs(refs, List.of());
  }

  @Test
  void findsEveryReferenceKindInContainersInitContainersAndVolumes() {
    // when
    List<String> found =
        ConfigReferences.in(Fixtures.podinfo().getSpec().getTemplate().getSpec()).stream()
            .map(r -> r.kind().key(r.name()))
            .toList();

    // then: volumes first, then containers, then init containers
    assertEquals(
        List.of(
            "configmap/podinfo-config-vol",
            "secret/podinfo-secret-vol",
            "configmap/podinfo-config-projected",
            "secret/podinfo-secret-projected",
            "configmap/podinfo-config-env",
            "secret/podinfo-secret-env",
            "configmap/podinfo-config-all-env",
            "secret/podinfo-secret-all-env",
            "configmap/podinfo-config-init"),
        found);
  }

  @Test
  void rewritesEveryTrackedReferenceToItsPrimaryCopy() {
    // given
    PodSpec spec = Fixtures.podinfo().getSpec().getTemplate().getSpec();
    TrackedConfigs tracked =
        tracking(
            "configmap/podinfo-config-vol",
            "secret/podinfo-secret-vol",
            "configmap/podinfo-config-projected",
            "secret/podinfo-secret-projected",
            "configmap/podinfo-config-env",
            "secret/podinfo-secret-env",
            "configmap/podinfo-config-all-env",
            "secret/podinfo-secret-all-env",
            "configmap/podinfo-config-init");

    // when
    PodSpec primary = ConfigReferences.toPrimary(spec, tracked);

    // then
    Container app = primary.getContainers().get(0);
    assertEquals(
        "podinfo-config-vol-primary", primary.getVolumes().get(0).getConfigMap().getName());
    assertEquals(
        "podinfo-secret-vol-primary", primary.getVolumes().get(1).getSecret().getSecretName());
    var sources = primary.getVolumes().get(2).getProjected().getSources();
    assertEquals("podinfo-config-projected-primary", sources.get(0).getConfigMap().getName());
    assertEquals("podinfo-secret-projected-primary", sources.get(1).getSecret().getName());
    assertEquals(
        "podinfo-config-env-primary",
        app.getEnv().get(0).getValueFrom().getConfigMapKeyRef().getName());
    assertEquals(
        "podinfo-secret-env-primary",
        app.getEnv().get(1).getValueFrom().getSecretKeyRef().getName());
    assertEquals(
        "podinfo-config-all-env-primary", app.getEnvFrom().get(0).getConfigMapRef().getName());
    assertEquals(
        "podinfo-secret-all-env-primary", app.getEnvFrom().get(1).getSecretRef().getName());
    assertEquals(
        "podinfo-config-init-primary",
        primary
            .getInitContainers()
            .get(0)
            .getEnv()
            .get(0)
            .getValueFrom()
            .getConfigMapKeyRef()
            .getName());
  }

  @Test
  void leavesUntrackedReferencesAndTheInputAlone() {
    // given
    PodSpec spec = Fixtures.podinfo().getSpec().getTemplate().getSpec();

    // when
    PodSpec primary = ConfigReferences.toPrimary(spec, tracking("configmap/podinfo-config-env"));

    // then
    assertEquals("podinfo-config-vol", primary.getVolumes().get(0).getConfigMap().getName());
    assertEquals(
        "podinfo-config-env",
        spec.getContainers().get(0).getEnv().get(0).getValueFrom().getConfigMapKeyRef().getName());
  }
}

package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.testing.RegisterCrds;
import dev.sluice.workload.ConfigTracker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * ConfigMaps and Secrets of the target's pod template, tracked as Flagger does: copied to {@code
 * -primary} objects that the primary mounts, their changes starting a run, the copies rewritten at
 * promotion only.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class ConfigTrackingIT extends ControllerTestBase {

  static final Map<String, String> CONFIG = Map.of("color", "blue", "level", "info");
  static final Map<String, String> SECRET = Map.of("token", "czNjcjN0");
  static final Map<String, String> UNTRACKED = Map.of("region", "eu-west-1");

  @Test
  void aConfigMapSharedByTwoCanariesKeepsItsCopyUntilBothAreGone() {
    // given two workloads mounting the same ConfigMap, each with a canary
    cluster.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("shared")
            .withNamespace(cluster.namespace)
            .endMetadata()
            .addToData("k", "v")
            .build());
    for (String name : List.of("podinfo", "backend")) {
      cluster.createTarget(name, "ghcr.io/stefanprodan/podinfo:6.0.0", 1);
      cluster.editDeployment(
          name,
          d -> {
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .setEnvFrom(
                    List.of(
                        new EnvFromSourceBuilder().withNewConfigMapRef("shared", false).build()));
            return d;
          });
      cluster.createCanary(
          "/canaries/podinfo-istio.yaml",
          c -> {
            c.getMetadata().setName(name);
            c.getSpec().getTargetRef().setName(name);
            return c;
          });
    }

    // when both initialize
    for (int i = 0; i < 2; i++) {
      cluster.awaitCacheSynced();
      ticker.tick(cluster.namespace, "podinfo");
      cluster.awaitCacheSynced();
      ticker.tick(cluster.namespace, "backend");
    }

    // then the copy is owned by both, controlled by one, so deleting either canary keeps it
    var owners = cluster.configMap("shared-primary").getMetadata().getOwnerReferences();
    assertEquals(List.of("podinfo", "backend"), owners.stream().map(o -> o.getName()).toList());
    assertEquals(1, owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).count());
  }

  @Test
  void initializationCopiesTrackedConfigsAndPointsThePrimaryAtTheCopies() {
    givenConfigs();
    givenTargetReferencingConfigs(null);

    tick();

    ConfigMap copy = cluster.configMap("podinfo-config-primary");
    assertNotNull(copy, "ConfigMap copy");
    assertEquals(CONFIG, copy.getData());
    assertEquals("Canary", copy.getMetadata().getOwnerReferences().get(0).getKind());
    var secretCopy = cluster.secret("podinfo-secret-primary");
    assertNotNull(secretCopy, "Secret copy");
    assertEquals(SECRET, secretCopy.getData());
    assertEquals("Opaque", secretCopy.getType());
    assertNull(cluster.configMap("podinfo-untracked-primary"), "opted out: not copied");

    PodSpec primary = primaryPodSpec();
    assertEquals("podinfo-config-primary", primary.getVolumes().get(0).getConfigMap().getName());
    var env = primary.getContainers().get(0).getEnv();
    assertEquals(
        "podinfo-config-primary", env.get(0).getValueFrom().getConfigMapKeyRef().getName());
    assertEquals(
        "podinfo-untracked",
        env.get(1).getValueFrom().getConfigMapKeyRef().getName(),
        "an opted-out ConfigMap is mounted as it is");
    assertEquals(
        "podinfo-secret-primary",
        primary.getContainers().get(0).getEnvFrom().get(0).getSecretRef().getName());
    assertEquals(
        "podinfo-config",
        cluster
            .deployment("podinfo")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .get(0)
            .getConfigMap()
            .getName(),
        "the target keeps its own references");

    cluster.markReady("podinfo-primary");
    tick();

    assertEquals(CanaryPhase.Initialized, phase());
    assertEquals(
        Map.of(
            "configmap/podinfo-config",
            ConfigTracker.checksum(cluster.configMap("podinfo-config")),
            "secret/podinfo-secret",
            ConfigTracker.checksum(cluster.secret("podinfo-secret"))),
        cluster.canary("podinfo").getStatus().getTrackedConfigs());
    assertCanaryValid("podinfo");
  }

  @Test
  void aConfigMapChangeStartsARunAndReachesThePrimaryAtPromotion() {
    givenConfigs();
    givenTargetReferencingConfigs(null);
    givenInitialized();
    String promoted = cluster.canary("podinfo").getStatus().getLastPromotedSpec();
    Map<String, String> changed = Map.of("color", "green", "debug", "true");

    editConfigMap("podinfo-config", changed);
    tick();

    assertEquals(CanaryPhase.Progressing, phase());
    assertEquals(1, cluster.events("New revision detected! Scaling up"));
    assertEquals(
        CONFIG,
        cluster.configMap("podinfo-config-primary").getData(),
        "the primary keeps the promoted config while the canary is analysed");
    assertEquals(
        ConfigTracker.checksum(cluster.configMap("podinfo-config")),
        cluster.canary("podinfo").getStatus().getTrackedConfigs().get("configmap/podinfo-config"));
    assertCanaryValid("podinfo");

    cluster.markReady("podinfo");
    for (int i = 0; i < 3; i++) {
      tick();
    }
    tick();
    assertEquals(CanaryPhase.Promoting, phase());
    assertEquals(
        changed,
        cluster.configMap("podinfo-config-primary").getData(),
        "the copy holds exactly the new data: changed, added and removed keys");
    cluster.markReady("podinfo-primary");
    tick();
    tick();

    var status = cluster.canary("podinfo").getStatus();
    assertEquals(CanaryPhase.Succeeded, status.getPhase());
    assertEquals(status.getLastAppliedSpec(), status.getLastPromotedSpec());
    assertNotEquals(promoted, status.getLastPromotedSpec());
    assertEquals(changed, cluster.configMap("podinfo-config-primary").getData());
    assertEquals(SECRET, cluster.secret("podinfo-secret-primary").getData());
    assertCanaryValid("podinfo");
  }

  @Test
  void aKeyRemovedFromAConfigMapIsRemovedFromTheCopyAtPromotion() {
    givenConfigs();
    givenTargetReferencingConfigs(null);
    givenInitialized();

    editConfigMap("podinfo-config", Map.of("color", "blue"));
    tick();
    assertEquals(CanaryPhase.Progressing, phase());
    cluster.markReady("podinfo");
    for (int i = 0; i < 4; i++) {
      tick();
    }
    assertEquals(CanaryPhase.Promoting, phase());

    assertEquals(
        Map.of("color", "blue"),
        cluster.configMap("podinfo-config-primary").getData(),
        "a primary still reading the removed key would run a config that was never analysed");
  }

  @Test
  void anOptedOutConfigMapIsNeitherCopiedNorRewrittenNorStartsARun() {
    givenConfigs();
    givenTargetReferencingConfigs(null);
    givenInitialized();
    String revision = cluster.canary("podinfo").getStatus().getLastAppliedSpec();

    editConfigMap("podinfo-untracked", Map.of("region", "us-east-1"));
    tick();
    tick();

    assertEquals(CanaryPhase.Initialized, phase());
    assertEquals(revision, cluster.canary("podinfo").getStatus().getLastAppliedSpec());
    assertNull(cluster.configMap("podinfo-untracked-primary"));
    assertEquals(
        Map.of("region", "us-east-1"),
        cluster.configMap("podinfo-untracked").getData(),
        "the user's ConfigMap is left as the user wrote it");
    assertEquals(0, cluster.events("New revision detected"));
  }

  @Test
  void aMissingRequiredConfigMapIsReportedOnceAndTheCanaryProceedsWhenItAppears() {
    givenConfigs();
    givenTargetReferencingConfigs("podinfo-missing");

    tick();
    tick();

    var ready = statusCondition("Ready");
    assertEquals("False", ready.getStatus());
    assertEquals("ConfigNotFound", ready.getReason());
    assertEquals(
        "Deployment " + cluster.namespace + "/podinfo references missing configmap/podinfo-missing",
        ready.getMessage());
    assertEquals(1, cluster.events("references missing configmap/podinfo-missing"));
    assertNull(cluster.deployment("podinfo-primary"), "nothing is bootstrapped half-way");
    assertCanaryValid("podinfo");

    cluster.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("podinfo-missing")
            .endMetadata()
            .withData(Map.of("feature", "on"))
            .build());
    tick();

    assertEquals(CanaryPhase.Initializing, phase());
    assertEquals(Map.of("feature", "on"), cluster.configMap("podinfo-missing-primary").getData());
    cluster.markReady("podinfo-primary");
    tick();
    assertEquals(CanaryPhase.Initialized, phase());
    assertEquals("True", statusCondition("Ready").getStatus());
    assertCanaryValid("podinfo");
  }

  private void givenConfigs() {
    cluster.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("podinfo-config")
            .addToLabels("app", "podinfo")
            .endMetadata()
            .withData(CONFIG)
            .build());
    cluster.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("podinfo-untracked")
            .addToAnnotations(ConfigTracker.TRACKING_ANNOTATION, "disabled")
            .endMetadata()
            .withData(UNTRACKED)
            .build());
    cluster.create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("podinfo-secret")
            .endMetadata()
            .withType("Opaque")
            .withData(SECRET)
            .build());
  }

  /**
   * The target mounts {@code podinfo-config} as a volume and reads a key of it, reads a key of the
   * opted-out ConfigMap and all of {@code podinfo-secret}; with {@code required}, it also reads a
   * ConfigMap of that name with {@code optional: false}.
   */
  private void givenTargetReferencingConfigs(String required) {
    cluster.createTarget("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.0", 2);
    cluster.editDeployment(
        "podinfo",
        d -> {
          var container =
              new DeploymentBuilder(d)
                  .editSpec()
                  .editTemplate()
                  .editSpec()
                  .addNewVolume()
                  .withName("config")
                  .withNewConfigMap()
                  .withName("podinfo-config")
                  .endConfigMap()
                  .endVolume()
                  .editFirstContainer()
                  .addNewEnv()
                  .withName("COLOR")
                  .withNewValueFrom()
                  .withNewConfigMapKeyRef()
                  .withName("podinfo-config")
                  .withKey("color")
                  .endConfigMapKeyRef()
                  .endValueFrom()
                  .endEnv()
                  .addNewEnv()
                  .withName("REGION")
                  .withNewValueFrom()
                  .withNewConfigMapKeyRef()
                  .withName("podinfo-untracked")
                  .withKey("region")
                  .endConfigMapKeyRef()
                  .endValueFrom()
                  .endEnv()
                  .addNewEnvFrom()
                  .withNewSecretRef()
                  .withName("podinfo-secret")
                  .endSecretRef()
                  .endEnvFrom();
          if (required != null) {
            container =
                container
                    .addNewEnvFrom()
                    .withNewConfigMapRef()
                    .withName(required)
                    .withOptional(false)
                    .endConfigMapRef()
                    .endEnvFrom();
          }
          return container.endContainer().endSpec().endTemplate().endSpec().build();
        });
    cluster.createCanary("/canaries/podinfo-istio.yaml", UnaryOperator.identity());
  }

  private void editConfigMap(String name, Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(cluster.namespace)
        .withName(name)
        .edit(c -> new ConfigMapBuilder(c).withData(data).build());
  }

  private PodSpec primaryPodSpec() {
    return cluster.deployment("podinfo-primary").getSpec().getTemplate().getSpec();
  }
}

package dev.sluice.workload;

import static dev.sluice.workload.Fixtures.configMap;
import static dev.sluice.workload.Fixtures.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTrackerTest {

  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final Map<String, Secret> secrets = new HashMap<>();

  private TrackedConfigs track(PodSpec spec) {
    return ConfigTracker.track(spec, configMaps::get, secrets::get);
  }

  private void allPodinfoConfigsExist() {
    for (String name :
        List.of(
            "podinfo-config-env",
            "podinfo-config-all-env",
            "podinfo-config-vol",
            "podinfo-config-projected",
            "podinfo-config-init")) {
      configMaps.put(name, configMap(name, Map.of("color", "red")));
    }
    for (String name :
        List.of(
            "podinfo-secret-env",
            "podinfo-secret-all-env",
            "podinfo-secret-vol",
            "podinfo-secret-projected")) {
      secrets.put(name, secret(name, "Opaque", Map.of("apiKey", "c2VjcmV0")));
    }
  }

  @Test
  void tracksEveryReferencedConfigMapAndSecretKeyedAsFlaggerDoes() {
    // given
    allPodinfoConfigsExist();

    // when
    TrackedConfigs tracked = track(Fixtures.podinfo().getSpec().getTemplate().getSpec());

    // then
    assertEquals(
        List.of(
            "configmap/podinfo-config-all-env",
            "configmap/podinfo-config-env",
            "configmap/podinfo-config-init",
            "configmap/podinfo-config-projected",
            "configmap/podinfo-config-vol",
            "secret/podinfo-secret-all-env",
            "secret/podinfo-secret-env",
            "secret/podinfo-secret-projected",
            "secret/podinfo-secret-vol"),
        List.copyOf(tracked.statusMap().keySet()));
    assertEquals("241889ca0604e333", tracked.statusMap().get("configmap/podinfo-config-env"));
    assertEquals(List.of(), tracked.missingRequired());
  }

  @Test
  void checksumIsFlaggersTruncatedSha256OfGoJson() {
    // given Go's json.Marshal escapes <, > and & and writes nil maps as null
    ConfigMap html = configMap("c", Map.of("html", "<a&b>"));
    ConfigMap empty = configMap("e", null);

    // then
    assertEquals(
        "241889ca0604e333", ConfigTracker.checksum(configMap("c", Map.of("color", "red"))));
    assertEquals("90da32b9f8dad2bf", ConfigTracker.checksum(html));
    assertEquals("74234e98afe7498f", ConfigTracker.checksum(empty));
  }

  @Test
  void checksumDoesNotDependOnMapOrder() {
    // given
    Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    // then
    assertEquals(
        ConfigTracker.checksum(configMap("c", ab)), ConfigTracker.checksum(configMap("c", ba)));
  }

  @Test
  void skipsObjectsThatOptOutAndRegistrySecrets() {
    // given
    ConfigMap optedOut = configMap("podinfo-config-vol", Map.of("k", "v"));
    optedOut.getMetadata().setAnnotations(Map.of("flagger.app/config-tracking", "disabled"));
    configMaps.put("podinfo-config-vol", optedOut);
    configMaps.put("podinfo-config-env", configMap("podinfo-config-env", Map.of("k", "v")));
    secrets.put(
        "podinfo-secret-vol",
        secret("podinfo-secret-vol", "kubernetes.io/dockerconfigjson", Map.of("k", "dg==")));
    secrets.put("podinfo-secret-env", secret("podinfo-secret-env", null, Map.of("k", "dg==")));

    // when
    TrackedConfigs tracked = track(Fixtures.podinfo().getSpec().getTemplate().getSpec());

    // then: a secret without type counts as Opaque, missing objects are skipped
    assertEquals(
        List.of("configmap/podinfo-config-env", "secret/podinfo-secret-env"),
        List.copyOf(tracked.statusMap().keySet()));
    assertFalse(tracked.isTracked(ConfigRef.Kind.CONFIG_MAP, "podinfo-config-vol"));
  }

  @Test
  void reportsMissingObjectsReferencedAsNotOptional() {
    // given
    PodSpec spec =
        new PodSpecBuilder()
            .addNewContainer()
            .withName("app")
            .addNewEnvFrom()
            .withNewConfigMapRef("required-config", false)
            .endEnvFrom()
            .addNewEnvFrom()
            .withNewSecretRef("optional-secret", true)
            .endEnvFrom()
            .endContainer()
            .build();

    // when
    TrackedConfigs tracked = track(spec);

    // then
    assertEquals(List.of("configmap/required-config"), tracked.missingRequired());
    assertTrue(tracked.refs().isEmpty());
  }

  @Test
  void changeDetectionFollowsFlaggersRule() {
    // given
    TrackedConfigs one =
        new TrackedConfigs(
            List.of(new ConfigRef(ConfigRef.Kind.CONFIG_MAP, "podinfo-config-env", "aaaa")),
            List.of());

    // then
    assertFalse(TrackedConfigs.none().changedSince(null));
    assertFalse(TrackedConfigs.none().changedSince(Map.of()));
    assertTrue(TrackedConfigs.none().changedSince(Map.of("configmap/x", "aaaa")));
    assertTrue(one.changedSince(null));
    assertFalse(one.changedSince(Map.of("configmap/podinfo-config-env", "aaaa")));
    assertTrue(one.changedSince(Map.of("configmap/podinfo-config-env", "bbbb")));
    assertTrue(one.changedSince(Map.of("secret/podinfo-config-env", "aaaa")));
  }

  @Test
  void primaryCopiesKeepDataAndTypeAndBelongToTheCanary() {
    // given
    ConfigMap source = configMap("podinfo-config-env", Map.of("color", "red"));
    Secret tls = secret("podinfo-tls", "kubernetes.io/tls", Map.of("tls.crt", "Y3J0"));
    tls.getMetadata().setLabels(Map.of("app.kubernetes.io/part-of", "web", "other", "x"));
    LabelPolicy prefixes = new LabelPolicy(List.of("app"), List.of("app.kubernetes.io"));

    // when
    ConfigMap cm =
        ConfigTracker.primaryCopy(Fixtures.canary(), source, LabelPolicy.flaggerDefaults());
    Secret copy = ConfigTracker.primaryCopy(Fixtures.canary(), tls, prefixes);

    // then
    assertEquals("podinfo-config-env-primary", cm.getMetadata().getName());
    assertEquals("default", cm.getMetadata().getNamespace());
    assertEquals(Map.of("color", "red"), cm.getData());
    assertEquals(Map.of(), cm.getMetadata().getLabels());
    assertEquals("podinfo", cm.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals(true, cm.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals("podinfo-tls-primary", copy.getMetadata().getName());
    assertEquals("kubernetes.io/tls", copy.getType());
    assertEquals(Map.of("tls.crt", "Y3J0"), copy.getData());
    assertEquals(Map.of("app.kubernetes.io/part-of", "web"), copy.getMetadata().getLabels());
    assertNull(copy.getMetadata().getAnnotations().get("flagger.app/config-tracking"));
  }
}

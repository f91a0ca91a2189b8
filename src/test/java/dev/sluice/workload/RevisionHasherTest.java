package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionHasherTest {

  private static PodTemplateSpec template() {
    return Fixtures.podinfo().getSpec().getTemplate();
  }

  @Test
  void sameTemplateAndConfigsGiveTheSameRevision() {
    // when
    String first = RevisionHasher.revision(template(), Map.of("configmap/a", "1111"));
    String second = RevisionHasher.revision(template(), Map.of("configmap/a", "1111"));

    // then
    assertEquals(first, second);
    assertEquals(32, first.length());
  }

  @Test
  void revisionIsStableUnderMapOrderInTemplateAndConfigs() {
    // given the same labels and configs, inserted in opposite orders
    PodTemplateSpec ab = template();
    Map<String, String> labelsAb = new LinkedHashMap<>();
    labelsAb.put("app", "podinfo");
    labelsAb.put("version", "6.0");
    ab.getMetadata().setLabels(labelsAb);
    PodTemplateSpec ba = template();
    Map<String, String> labelsBa = new LinkedHashMap<>();
    labelsBa.put("version", "6.0");
    labelsBa.put("app", "podinfo");
    ba.getMetadata().setLabels(labelsBa);
    Map<String, String> configsAb = new LinkedHashMap<>();
    configsAb.put("configmap/a", "1111");
    configsAb.put("secret/b", "2222");
    Map<String, String> configsBa = new LinkedHashMap<>();
    configsBa.put("secret/b", "2222");
    configsBa.put("configmap/a", "1111");

    // then
    assertEquals(RevisionHasher.revision(ab, configsAb), RevisionHasher.revision(ba, configsBa));
  }

  @Test
  void aTemplateChangeIsANewRevision() {
    // given
    PodTemplateSpec changed = template();
    changed.getSpec().getContainers().get(0).setImage("ghcr.io/stefanprodan/podinfo:6.0.1");

    // then
    assertNotEquals(
        RevisionHasher.revision(template(), Map.of()), RevisionHasher.revision(changed, Map.of()));
  }

  @Test
  void aConfigChangeIsANewRevision() {
    // then
    String before = RevisionHasher.revision(template(), Map.of("configmap/a", "1111"));
    assertNotEquals(before, RevisionHasher.revision(template(), Map.of("configmap/a", "2222")));
    assertNotEquals(before, RevisionHasher.revision(template(), Map.of("secret/a", "1111")));
    assertNotEquals(before, RevisionHasher.revision(template(), Map.of()));
  }

  @Test
  void noTrackedConfigsEqualsAnEmptyRecord() {
    // then
    assertEquals(
        RevisionHasher.revision(template(), (Map<String, String>) null),
        RevisionHasher.revision(template(), TrackedConfigs.none()));
  }
}

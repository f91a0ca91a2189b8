package dev.sluice.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimaryDeploymentTest {

  private static final SelectorLabel APP = new SelectorLabel("app", "podinfo");
  private static final TrackedConfigs ENV_CONFIG =
      new TrackedConfigs(
          List.of(new ConfigRef(ConfigRef.Kind.CONFIG_MAP, "podinfo-config-env", "aaaa")),
          List.of());

  private static Deployment initial(Deployment target, LabelPolicy policy) {
    return PrimaryDeployment.initial(Fixtures.canary(), target, APP, ENV_CONFIG, "rev-1", policy);
  }

  @Test
  void findsTheFirstSelectorLabelInFlaggersOrder() {
    // given
    Deployment target = Fixtures.podinfo();
    target
        .getSpec()
        .getSelector()
        .setMatchLabels(Map.of("app.kubernetes.io/name", "web", "name", "podinfo"));

    // when
    SelectorLabel.Lookup lookup = SelectorLabel.find(target, LabelPolicy.flaggerDefaults());

    // then
    assertEquals(new SelectorLabel.Found(new SelectorLabel("name", "podinfo")), lookup);
    assertEquals("podinfo-primary", new SelectorLabel("name", "podinfo").primaryValue());
  }

  @Test
  void aTargetWithoutASelectorLabelIsInvalid() {
    // given
    Deployment target = Fixtures.podinfo();
    target.getSpec().getSelector().setMatchLabels(Map.of("component", "podinfo"));

    // when
    SelectorLabel.Lookup lookup = SelectorLabel.find(target, LabelPolicy.flaggerDefaults());

    // then
    var invalid = assertInstanceOf(SelectorLabel.Invalid.class, lookup);
    assertEquals(
        "deployment podinfo.default spec.selector.matchLabels must contain one of"
            + " [app, name, app.kubernetes.io/name]",
        invalid.reason());
  }

  @Test
  void initialPrimaryIsNamedAndSelectedAsFlaggerDoes() {
    // when
    Deployment primary = initial(Fixtures.podinfo(), LabelPolicy.flaggerDefaults());

    // then
    assertEquals("podinfo-primary", primary.getMetadata().getName());
    assertEquals("default", primary.getMetadata().getNamespace());
    assertEquals(
        Map.of("app", "podinfo-primary"), primary.getSpec().getSelector().getMatchLabels());
    assertEquals(Map.of("app", "podinfo-primary"), primary.getMetadata().getLabels());
    assertEquals(
        Map.of("app", "podinfo-primary", "version", "6.0"),
        primary.getSpec().getTemplate().getMetadata().getLabels());
    assertEquals("podinfo", primary.getMetadata().getOwnerReferences().get(0).getName());
    assertEquals(3, primary.getSpec().getReplicas());
    assertEquals(5, primary.getSpec().getMinReadySeconds());
    assertEquals(60, primary.getSpec().getProgressDeadlineSeconds());
    assertEquals(4, primary.getSpec().getRevisionHistoryLimit());
    assertEquals("RollingUpdate", primary.getSpec().getStrategy().getType());
  }

  @Test
  void copiesIncludedLabelsAndDropsForeignAnnotations() {
    // when
    Deployment primary = initial(Fixtures.podinfo(), new LabelPolicy(List.of("app"), List.of("*")));

    // then: Flux markers never follow, even with *
    assertEquals(
        Map.of("app", "podinfo-primary", "team", "web"), primary.getMetadata().getLabels());
    assertEquals(Map.of("owner", "team-web"), primary.getMetadata().getAnnotations());
  }

  @Test
  void podTemplateMountsPrimaryConfigsAndCarriesTheRevision() {
    // when
    PodTemplateSpec template =
        initial(Fixtures.podinfo(), LabelPolicy.flaggerDefaults()).getSpec().getTemplate();

    // then
    assertEquals(
        "podinfo-config-env-primary",
        template
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .get(0)
            .getValueFrom()
            .getConfigMapKeyRef()
            .getName());
    assertEquals(
        Map.of("prometheus.io/scrape", "true", "flagger-id", "rev-1"),
        template.getMetadata().getAnnotations());
  }

  @Test
  void aTargetScaledToZeroGivesOneReplica() {
    // given
    Deployment target = Fixtures.podinfo();
    target.getSpec().setReplicas(0);

    // then
    assertEquals(1, initial(target, LabelPolicy.flaggerDefaults()).getSpec().getReplicas());
  }

  @Test
  void antiAffinityAndTopologySpreadSelectPrimaryPods() {
    // given
    Deployment target = Fixtures.podinfo();
    var spec = target.getSpec().getTemplate().getSpec();
    spec.setTopologySpreadConstraints(
        List.of(
            new TopologySpreadConstraintBuilder()
                .withTopologyKey("zone")
                .withLabelSelector(
                    new LabelSelectorBuilder().withMatchLabels(Map.of("app", "podinfo")).build())
                .build()));
    spec.setAffinity(new io.fabric8.kubernetes.api.model.Affinity());
    spec.getAffinity()
        .setPodAntiAffinity(
            new PodAntiAffinityBuilder()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("In")
                .withValues("podinfo", "other")
                .endMatchExpression()
                .endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build());

    // when
    var primarySpec =
        initial(target, LabelPolicy.flaggerDefaults()).getSpec().getTemplate().getSpec();

    // then
    assertEquals(
        Map.of("app", "podinfo-primary"),
        primarySpec.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels());
    assertEquals(
        List.of("podinfo-primary", "other"),
        primarySpec
            .getAffinity()
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getLabelSelector()
            .getMatchExpressions()
            .get(0)
            .getValues());
    assertEquals(
        Map.of("app", "podinfo"),
        spec.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels());
  }

  @Test
  void promotionTakesTheCanaryTemplateAndKeepsPrimaryReplicasSelectorAndLabels() {
    // given a primary scaled by its HPA, and a new canary revision
    Deployment primary = initial(Fixtures.podinfo(), LabelPolicy.flaggerDefaults());
    primary.getSpec().setReplicas(7);
    primary.getMetadata().getLabels().put("scaled-by", "hpa");
    Deployment target = Fixtures.podinfo();
    target
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
    target.getSpec().setMinReadySeconds(10);
    target.getSpec().setReplicas(0);

    // when
    Deployment promoted =
        PrimaryDeployment.promote(
            primary, target, APP, ENV_CONFIG, "rev-2", LabelPolicy.flaggerDefaults());

    // then
    assertEquals(7, promoted.getSpec().getReplicas());
    assertEquals(
        Map.of("app", "podinfo-primary"), promoted.getSpec().getSelector().getMatchLabels());
    assertTrue(promoted.getMetadata().getLabels().containsKey("scaled-by"));
    assertEquals(10, promoted.getSpec().getMinReadySeconds());
    assertEquals(
        "ghcr.io/stefanprodan/podinfo:6.0.1",
        promoted.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertEquals(
        "rev-2", promoted.getSpec().getTemplate().getMetadata().getAnnotations().get("flagger-id"));
    assertEquals(
        "podinfo-config-env-primary",
        promoted
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .get(0)
            .getValueFrom()
            .getConfigMapKeyRef()
            .getName());
    assertEquals(
        "rev-1", primary.getSpec().getTemplate().getMetadata().getAnnotations().get("flagger-id"));
  }
}

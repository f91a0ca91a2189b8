package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.query.MetricVerdict;
import dev.sluice.testing.LoopbackReceiver;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MetricTemplates as a tick resolves them from the informer cache: the template's address, its
 * tenant header, the credentials of its secretRef, and templateVariables rendered into the query.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class MetricTemplateIT extends ControllerTestBase {
  @Inject MetricAnalyzer analyzer;
  @Inject TickThreads threads;

  @Test
  void aTemplateQueriesItsOwnPrometheusWithItsTenantAndCredentials() {
    try (var prometheus = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      // given a template with address, tenant header and a token secret, and a canary using it
      givenTemplate(prometheus.address());
      Canary canary = canaryWithMetric("tenant", Map.of("job", "api"));

      // when its metrics run
      List<MetricVerdict> verdicts = analyzer.run(threads.start(false), canary).verdicts();

      // then Prometheus got the rendered query with the tenant and the token
      assertEquals(MetricVerdict.Outcome.PASS, verdicts.get(0).outcome(), verdicts.get(0).reason());
      LoopbackReceiver.Received request = prometheus.received().get(0);
      assertEquals(
          "sum(up{job=\"api\",namespace=\"" + cluster.namespace + "\"})",
          request.params().get("query"));
      assertEquals("Bearer s3cr3t", request.header("Authorization"));
      assertEquals("team-a", request.header("X-Scope-OrgID"));
    }
  }

  @Test
  void aMissingTemplateOrVariableIsAFailedCheckThatSaysWhy() {
    try (var prometheus = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      givenTemplate(prometheus.address());

      MetricVerdict missingVariable =
          analyzer
              .run(threads.start(false), canaryWithMetric("tenant", Map.of()))
              .verdicts()
              .get(0);
      MetricVerdict missingTemplate =
          analyzer
              .run(threads.start(false), canaryWithMetric("absent", Map.of()))
              .verdicts()
              .get(0);

      assertEquals(MetricVerdict.Outcome.FAIL, missingVariable.outcome());
      assertTrue(missingVariable.reason().contains("job"), missingVariable.reason());
      assertEquals(MetricVerdict.Outcome.FAIL, missingTemplate.outcome());
      assertTrue(missingTemplate.reason().contains("absent"), missingTemplate.reason());
      assertTrue(prometheus.received().isEmpty(), "nothing is queried for an unresolvable metric");
    }
  }

  @Test
  void aTemplateOfATypeNoProviderAnswersToIsAFailedCheckThatNamesIt() {
    try (var prometheus = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      // given a template whose type no metric provider of this build answers to
      MetricTemplate datadog =
          client
              .getKubernetesSerialization()
              .unmarshal(
                  """
          apiVersion: flagger.app/v1beta1
          kind: MetricTemplate
          metadata:
            name: datadog
          spec:
            provider:
              type: datadog
              address: %s
            query: avg:requests.error.rate{service:{{ variables.job }}}
          """
                      .formatted(prometheus.address()),
                  MetricTemplate.class);
      datadog.getMetadata().setNamespace(cluster.namespace);
      client.resource(datadog).create();
      await().until(() -> cache.metricTemplate(cluster.namespace, "datadog").isPresent());

      // when its check runs
      MetricVerdict verdict =
          analyzer
              .run(threads.start(false), canaryWithMetric("datadog", Map.of("job", "api")))
              .verdicts()
              .get(0);

      // then it fails naming the type and the types that run, and nothing is queried
      assertEquals(MetricVerdict.Outcome.FAIL, verdict.outcome());
      assertTrue(
          verdict
              .reason()
              .contains("provider type datadog is not supported (Sluice runs prometheus)"),
          verdict.reason());
      assertTrue(prometheus.received().isEmpty());
    }
  }

  @Test
  void aTemplateWithCredentialsButNoAddressSendsThemNowhere() {
    try (var otherTeams = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      // given team A's template with a token and a tenant but no address, and team B's canary
      // that names it and sets its own metricsServer
      String teamA = cluster.namespace + "-a";
      givenTemplate(teamA, null);
      Canary canary = canaryWithMetric("tenant", Map.of("job", "api"));
      canary.getSpec().getAnalysis().getMetrics().get(0).getTemplateRef().setNamespace(teamA);
      canary.getSpec().setMetricsServer(otherTeams.address());

      // when B's metrics run
      MetricVerdict verdict = analyzer.run(threads.start(false), canary).verdicts().get(0);

      // then A's token and tenant went nowhere, and the check says why
      assertEquals(MetricVerdict.Outcome.FAIL, verdict.outcome(), verdict.reason());
      assertTrue(verdict.reason().contains("secretRef but no provider.address"), verdict.reason());
      assertTrue(otherTeams.received().isEmpty(), "nothing was sent to B's server");
    }
  }

  @Test
  void aVariableThatWouldBreakOutOfTheTemplatesMatcherIsAFailedCheck() {
    try (var prometheus = LoopbackReceiver.answering(LoopbackReceiver.sample(1))) {
      givenTemplate(prometheus.address());

      MetricVerdict verdict =
          analyzer
              .run(
                  threads.start(false),
                  canaryWithMetric("tenant", Map.of("job", "api\"} or up{namespace=~\".+")))
              .verdicts()
              .get(0);

      assertEquals(MetricVerdict.Outcome.FAIL, verdict.outcome(), verdict.reason());
      assertTrue(verdict.reason().contains("templateVariables value of \"job\""), verdict.reason());
      assertTrue(prometheus.received().isEmpty(), "the template's credentials were not used");
    }
  }

  private void givenTemplate(String address) {
    givenTemplate(cluster.namespace, address);
  }

  private void givenTemplate(String namespace, String address) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("prom-auth")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("token", "s3cr3t")
                .build())
        .create();
    MetricTemplate template =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata:
          name: tenant
        spec:
          provider:
            type: prometheus
            headers:
              X-Scope-OrgID: [team-a]
            secretRef:
              name: prom-auth
          query: sum(up{job="{{ variables.job }}",namespace="{{ namespace }}"})
        """,
                MetricTemplate.class);
    template.getSpec().getProvider().setAddress(address);
    template.getMetadata().setNamespace(namespace);
    client.resource(template).create();
    await()
        .until(
            () ->
                cache.metricTemplate(namespace, "tenant").isPresent()
                    && cache.secret(namespace, "prom-auth").isPresent());
  }

  private Canary canaryWithMetric(String template, Map<String, String> variables) {
    Canary canary =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 9898}
          analysis:
            interval: 30s
            stepWeight: 10
            metrics:
              - name: up
                interval: 1m
                templateRef: {name: %s}
                thresholdRange: {min: 1}
        """
                    .formatted(template),
                Canary.class);
    canary.getMetadata().setNamespace(cluster.namespace);
    canary.getSpec().getAnalysis().getMetrics().get(0).setTemplateVariables(variables);
    return canary;
  }
}

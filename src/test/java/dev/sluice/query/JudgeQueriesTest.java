package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.JudgeSignal;
import dev.sluice.query.JudgeQueries.Role;
import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JudgeQueriesTest {
  private static final MeshProviders MESHES = AllMeshProviders.registry();

  private static JudgeSignal signal(String name) {
    JudgeSignal signal = new JudgeSignal();
    signal.setName(name);
    return signal;
  }

  private static JudgeQueries.Queries builtin(String provider, JudgeSignal signal) {
    Canary canary = QueryResolverTest.podinfo();
    return assertInstanceOf(
        JudgeQueries.Queries.class,
        JudgeQueries.resolve(
            canary,
            signal,
            "30s",
            provider,
            MESHES.countQueries(provider),
            null,
            null,
            QueryResolverTest.PROMETHEUS_ONLY));
  }

  private static String squeezed(String query) {
    return query.replaceAll("\\s+", " ");
  }

  @Test
  void everyMeshWithABuiltinSuccessRateCountsForTheJudge() {
    for (String provider : MESHES.supported()) {
      if (MESHES.builtins(provider).query("request-success-rate").isPresent()) {
        assertTrue(MESHES.countQueries(provider).isPresent(), provider + " has no count queries");
      }
    }
  }

  @Test
  void istioCountsTheCanaryThenThePrimaryWorkloadOverTheAnalysisInterval() {
    JudgeQueries.Queries errors = builtin("istio", signal(JudgeSignal.ERRORS));

    assertEquals(
        "sum(increase(istio_requests_total{reporter=\"destination\","
            + " destination_workload_namespace=\"test\", destination_workload=~\"podinfo-app\"}[30s]))",
        squeezed(errors.requests().get(Role.CANARY).query()));
    assertEquals(
        "(sum(increase(istio_requests_total{reporter=\"destination\","
            + " destination_workload_namespace=\"test\","
            + " destination_workload=~\"podinfo-app-primary\", response_code=~\"5.*\"}[30s]))"
            + " or vector(0))",
        squeezed(errors.bad().get(Role.PRIMARY).query()));
    assertEquals(QueryResolver.PROMETHEUS, errors.bad().get(Role.CANARY).providerType());
  }

  @Test
  void latencyCountsTheRequestsAboveTheBucketOfTheBound() {
    JudgeSignal latency = signal(JudgeSignal.LATENCY);
    latency.setSlowerThan("250ms");

    String slow = squeezed(builtin("istio", latency).bad().get(Role.CANARY).query());

    assertTrue(slow.contains("le=\"+Inf\"}[30s])) - sum(increase("), slow);
    assertTrue(slow.contains("le=~\"250([.]0*)?\"}[30s]))"), slow);
    // the application's histogram is in seconds
    String app = squeezed(builtin("kubernetes", latency).bad().get(Role.PRIMARY).query());
    assertTrue(app.contains("le=~\"0?[.]250*\""), app);
    assertTrue(app.contains("kubernetes_pod_name=~\"podinfo-app-primary-[0-9a-zA-Z]+"), app);
  }

  @Test
  void servicesOfContourAndTraefikAreTheCanaryAndPrimaryServices() {
    JudgeQueries.Queries contour = builtin("contour", signal(JudgeSignal.ERRORS));
    assertTrue(
        contour.requests().get(Role.CANARY).query().contains("test_podinfo-app-canary_"),
        contour.requests().get(Role.CANARY).query());
    assertTrue(
        contour.requests().get(Role.PRIMARY).query().contains("test_podinfo-app-primary_"),
        contour.requests().get(Role.PRIMARY).query());
    JudgeQueries.Queries traefik = builtin("traefik", signal(JudgeSignal.ERRORS));
    assertTrue(
        traefik.bad().get(Role.PRIMARY).query().contains("test-podinfo-app-primary-[0-9a-zA-Z-]+"),
        traefik.bad().get(Role.PRIMARY).query());
    JudgeQueries.Queries nginx = builtin("nginx", signal(JudgeSignal.ERRORS));
    assertTrue(nginx.requests().get(Role.CANARY).query().contains("canary=~\".+\""));
    assertTrue(nginx.requests().get(Role.PRIMARY).query().contains("canary=~\"\""));
  }

  @Test
  void theBoundOfABucketMatchesTheWaysExportersWriteIt() {
    assertEquals(
        "500([.]0*)?", CountQueries.bucketBound(Duration.ofMillis(500), Duration.ofMillis(1)));
    assertEquals(
        "0?[.]50*", CountQueries.bucketBound(Duration.ofMillis(500), Duration.ofSeconds(1)));
    assertEquals(
        "2[.]50*", CountQueries.bucketBound(Duration.ofMillis(2500), Duration.ofSeconds(1)));
    assertEquals(
        "1([.]0*)?", CountQueries.bucketBound(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertTrue(
        "0.5".matches(CountQueries.bucketBound(Duration.ofMillis(500), Duration.ofSeconds(1))));
    assertTrue(
        ".5".matches(CountQueries.bucketBound(Duration.ofMillis(500), Duration.ofSeconds(1))));
    assertTrue(
        "1.0".matches(CountQueries.bucketBound(Duration.ofSeconds(1), Duration.ofSeconds(1))));
  }

  @Test
  void aProviderWithoutBuiltinCountsCannotReadABuiltinSignal() {
    JudgeQueries.Signal signal =
        JudgeQueries.resolve(
            QueryResolverTest.podinfo(),
            signal(JudgeSignal.ERRORS),
            "1m",
            "appmesh",
            Optional.empty(),
            null,
            null,
            QueryResolverTest.PROMETHEUS_ONLY);

    String reason = assertInstanceOf(JudgeQueries.Unresolvable.class, signal).reason();
    assertTrue(reason.contains("provider appmesh has no builtin counts"), reason);
  }

  @Test
  void customSignalsRenderTheirTwoTemplatesForTheCanaryAndThePrimaryWorkload() {
    JudgeSignal checkout = signal("checkout");
    CrossNamespaceReference all = new CrossNamespaceReference();
    all.setName("orders");
    CrossNamespaceReference failed = new CrossNamespaceReference();
    failed.setName("failed-orders");
    checkout.setRequestsTemplateRef(all);
    checkout.setBadTemplateRef(failed);

    JudgeQueries.Signal signal =
        JudgeQueries.resolve(
            QueryResolverTest.podinfo(),
            checkout,
            "1m",
            "istio",
            Optional.empty(),
            QueryResolverTest.template(
                "prometheus", "sum(increase(orders{app=\"{{ target }}\"}[{{ interval }}]))"),
            QueryResolverTest.template(
                "prometheus",
                "sum(increase(orders{app=\"{{ target }}\",ok=\"false\"}[{{ interval }}]))"),
            QueryResolverTest.PROMETHEUS_ONLY);

    JudgeQueries.Queries queries = assertInstanceOf(JudgeQueries.Queries.class, signal);
    assertEquals(
        "sum(increase(orders{app=\"podinfo-app\"}[1m]))",
        queries.requests().get(Role.CANARY).query());
    assertEquals(
        "sum(increase(orders{app=\"podinfo-app-primary\",ok=\"false\"}[1m]))",
        queries.bad().get(Role.PRIMARY).query());
    assertEquals(
        "http://prometheus.monitoring:9090",
        queries.bad().get(Role.PRIMARY).templateProvider().getAddress());

    JudgeQueries.Signal missing =
        JudgeQueries.resolve(
            QueryResolverTest.podinfo(),
            checkout,
            "1m",
            "istio",
            Optional.empty(),
            null,
            null,
            QueryResolverTest.PROMETHEUS_ONLY);
    String reason = assertInstanceOf(JudgeQueries.Unresolvable.class, missing).reason();
    assertEquals("judge checkout requests: MetricTemplate test/orders not found", reason);
  }
}

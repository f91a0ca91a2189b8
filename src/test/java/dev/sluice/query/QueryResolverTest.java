package dev.sluice.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.api.v1beta1.MetricTemplateSpec;
import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryResolverTest {
  static final Set<String> PROMETHEUS_ONLY = Set.of(QueryResolver.PROMETHEUS);
  private static final MeshProviders MESHES = AllMeshProviders.registry();

  static Canary podinfo() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    LocalObjectReference target = new LocalObjectReference();
    target.setKind("Deployment");
    target.setName("podinfo-app");
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    canary.setSpec(spec);
    return canary;
  }

  static CanaryMetric metric(String name) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName(name);
    return metric;
  }

  static CanaryMetric withTemplate(String name, String templateNamespace) {
    CanaryMetric metric = metric(name);
    CrossNamespaceReference ref = new CrossNamespaceReference();
    ref.setName("my-metric");
    ref.setNamespace(templateNamespace);
    metric.setTemplateRef(ref);
    return metric;
  }

  static MetricTemplate template(String type, String query) {
    MetricTemplateProvider provider = new MetricTemplateProvider();
    provider.setType(type);
    provider.setAddress("http://prometheus.monitoring:9090");
    MetricTemplateSpec spec = new MetricTemplateSpec();
    spec.setProvider(provider);
    spec.setQuery(query);
    MetricTemplate template = new MetricTemplate();
    template.setSpec(spec);
    return template;
  }

  static String reason(MetricQuery query) {
    return assertInstanceOf(MetricQuery.Unresolvable.class, query).reason();
  }

  @Test
  void contextFallsBackToTheTargetAndFlaggersDefaultInterval() {
    // given a Canary without service name or ingressRef, a metric without interval
    QueryContext context = QueryContext.of(podinfo(), metric("request-duration"));

    // then
    assertEquals(
        new QueryContext(
            "podinfo", "test", "podinfo-app", "podinfo-app", "podinfo-app", "1m", Map.of()),
        context);
  }

  @Test
  void contextTakesServiceIngressIntervalAndVariablesFromTheSpec() {
    // given
    Canary canary = podinfo();
    CanaryService service = new CanaryService();
    service.setName("podinfo-svc");
    canary.getSpec().setService(service);
    LocalObjectReference ingress = new LocalObjectReference();
    ingress.setName("podinfo-ing");
    canary.getSpec().setIngressRef(ingress);
    CanaryMetric metric = metric("latency");
    metric.setInterval("30s");
    metric.setTemplateVariables(Map.of("direction", "inbound"));

    // when
    QueryContext context = QueryContext.of(canary, metric);

    // then
    assertEquals(
        new QueryContext(
            "podinfo",
            "test",
            "podinfo-app",
            "podinfo-svc",
            "podinfo-ing",
            "30s",
            Map.of("direction", "inbound")),
        context);
  }

  @Test
  void templateQueryIsRenderedAndCarriesTheTemplatesProvider() {
    // given
    CanaryMetric metric = withTemplate("latency", null);
    metric.setTemplateVariables(Map.of("direction", "inbound"));
    MetricTemplate template =
        template("prometheus", "x{ns=\"{{ namespace }}\",d=\"{{ variables.direction }}\"}");

    // when
    MetricQuery query =
        QueryResolver.resolve(
            metric,
            QueryContext.of(podinfo(), metric),
            MESHES.builtins("istio"),
            template,
            PROMETHEUS_ONLY);

    // then
    MetricQuery.Run prometheus = assertInstanceOf(MetricQuery.Run.class, query);
    assertEquals("prometheus", prometheus.providerType());
    assertEquals("x{ns=\"test\",d=\"inbound\"}", prometheus.query());
    assertSame(template.getSpec().getProvider(), prometheus.templateProvider());
  }

  @ParameterizedTest
  @ValueSource(strings = {"datadog", "cloudwatch", "newrelic", "graphite", "Prometheus"})
  void templateWithAnotherProviderTypeIsNotSupported(String type) {
    CanaryMetric metric = withTemplate("errors", "monitoring");
    MetricQuery query =
        QueryResolver.resolve(
            metric,
            QueryContext.of(podinfo(), metric),
            MESHES.builtins("istio"),
            template(type, "x"),
            PROMETHEUS_ONLY);
    assertEquals(
        "MetricTemplate monitoring/my-metric: provider type "
            + type
            + " is not supported (Sluice runs prometheus)",
        reason(query));
  }

  @Test
  void templateOfAnotherKnownTypeRunsOnThatProvider() {
    // given a build that knows a second provider type
    CanaryMetric metric = withTemplate("errors", null);
    MetricTemplate template = template("datadog", "sum:errors{ns:{{ namespace }}}");

    // when
    MetricQuery query =
        QueryResolver.resolve(
            metric,
            QueryContext.of(podinfo(), metric),
            MESHES.builtins("istio"),
            template,
            Set.of("prometheus", "datadog"));

    // then
    MetricQuery.Run run = assertInstanceOf(MetricQuery.Run.class, query);
    assertEquals("datadog", run.providerType());
    assertEquals("sum:errors{ns:test}", run.query());
    assertSame(template.getSpec().getProvider(), run.templateProvider());
  }

  @Test
  void unknownTypeIsNamedWithEveryKnownOne() {
    CanaryMetric metric = withTemplate("errors", null);
    assertEquals(
        "MetricTemplate test/my-metric: provider type graphite is not supported (Sluice runs"
            + " datadog, prometheus)",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                template("graphite", "x"),
                Set.of("prometheus", "datadog"))));
  }

  @Test
  void templateWithoutProviderTypeIsNotSupported() {
    CanaryMetric metric = withTemplate("errors", null);
    assertEquals(
        "MetricTemplate test/my-metric: provider type null is not supported (Sluice runs"
            + " prometheus)",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                template(null, "x"),
                PROMETHEUS_ONLY)));
  }

  @Test
  void missingTemplateIsNamedInTheCanarysNamespace() {
    CanaryMetric metric = withTemplate("errors", null);
    assertEquals(
        "MetricTemplate test/my-metric not found",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                null,
                PROMETHEUS_ONLY)));
  }

  @Test
  void templateRenderErrorBecomesTheReason() {
    CanaryMetric metric = withTemplate("errors", null);
    String reason =
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                template("prometheus", "x{{ deployment }}"),
                PROMETHEUS_ONLY));
    assertEquals(
        "query template test/my-metric: {{ deployment }}: unknown variable \"deployment\" (known:"
            + " name, namespace, target, service, ingress, interval, variables.<key>)",
        reason);
  }

  @Test
  void templateWithoutQueryIsUnresolvable() {
    CanaryMetric metric = withTemplate("errors", null);
    assertEquals(
        "MetricTemplate test/my-metric has no query",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                template("prometheus", " "),
                PROMETHEUS_ONLY)));
  }

  @Test
  void builtinIsRenderedForTheProvider() {
    CanaryMetric metric = metric("request-success-rate");
    MetricQuery.Run query =
        assertInstanceOf(
            MetricQuery.Run.class,
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("linkerd"),
                null,
                PROMETHEUS_ONLY));
    assertEquals(
        BuiltinQueriesTest.LINKERD_SUCCESS_RATE.replace("podinfo", "podinfo-app"),
        BuiltinQueriesTest.withoutWhiteSpace(query.query()));
    assertNull(query.templateProvider());
    assertEquals(QueryResolver.PROMETHEUS, query.providerType());
  }

  @Test
  void builtinOfAProviderWithoutBuiltinsSaysToUseATemplate() {
    CanaryMetric metric = metric("request-duration");
    assertEquals(
        "provider appmesh has no builtin request-duration query; use a MetricTemplate",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("appmesh"),
                null,
                PROMETHEUS_ONLY)));
  }

  @Test
  void inlineQueryRunsAsWrittenLikeFlagger() {
    CanaryMetric metric = metric("custom");
    metric.setQuery("sum(up{job=\"{{ target }}\"})");
    MetricQuery.Run query =
        assertInstanceOf(
            MetricQuery.Run.class,
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                null,
                PROMETHEUS_ONLY));
    assertEquals("sum(up{job=\"{{ target }}\"})", query.query());
    assertEquals(QueryResolver.PROMETHEUS, query.providerType());
  }

  @Test
  void customNameWithoutTemplateOrQueryIsUnresolvable() {
    // Flagger ignores such a metric without a word
    CanaryMetric metric = metric("error-rate");
    assertEquals(
        "metric error-rate has no templateRef and is not a builtin metric (request-success-rate,"
            + " request-duration)",
        reason(
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                null,
                PROMETHEUS_ONLY)));
  }

  @Test
  void builtinNameWithATemplateRunsTheTemplate() {
    CanaryMetric metric = withTemplate("request-success-rate", null);
    MetricQuery.Run query =
        assertInstanceOf(
            MetricQuery.Run.class,
            QueryResolver.resolve(
                metric,
                QueryContext.of(podinfo(), metric),
                MESHES.builtins("istio"),
                template("prometheus", "mine"),
                PROMETHEUS_ONLY));
    assertEquals("mine", query.query());
  }
}

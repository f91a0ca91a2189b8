package dev.sluice.metricprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.api.v1beta1.MetricTemplate;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.api.v1beta1.MetricTemplateSpec;
import dev.sluice.api.v1beta1.ThresholdRange;
import dev.sluice.query.MetricEvaluator;
import dev.sluice.query.MetricQuery;
import dev.sluice.query.MetricVerdict;
import dev.sluice.query.QueryContext;
import dev.sluice.query.QueryResolver;
import dev.sluice.query.QueryResult;
import dev.sluice.testing.AllMeshProviders;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The factory as a check uses it: the resolver accepts the types the factory knows, and a query
 * runs on the provider of its type.
 */
class MetricProviderFactoryTest {

  /** A provider that answers every query with one value and remembers what it was asked. */
  static final class FixedProvider implements MetricProvider {
    final String type;
    final double value;
    final List<String> queries = new ArrayList<>();

    FixedProvider(String type, double value) {
      this.type = type;
      this.value = value;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public List<String> unavailable(List<MetricSource> sources) {
      return List.of();
    }

    @Override
    public QueryResult query(MetricSource source, String query) {
      queries.add(query);
      return new QueryResult.Value(value);
    }

    @Override
    public void forget(String canary) {}
  }

  private final FixedProvider prometheus = new FixedProvider(QueryResolver.PROMETHEUS, 1);
  private final FixedProvider datadog = new FixedProvider("datadog", 42);
  private final MetricProviderFactory factory =
      new MetricProviderFactory(List.of(prometheus, datadog));

  @Test
  void aSecondProviderTypeRegisteredResolvesToIt() {
    // given a template of type datadog and a check of at most 50
    CanaryMetric metric = templateMetric(50);
    MetricTemplate template = template("datadog", "avg:errors{kube_namespace:{{ namespace }}}");

    // when the check is resolved with the factory's types and run on the provider of its type
    MetricVerdict verdict = check(metric, template);

    // then the datadog provider ran the rendered query, Prometheus nothing
    assertEquals(List.of("avg:errors{kube_namespace:test}"), datadog.queries);
    assertTrue(prometheus.queries.isEmpty());
    assertEquals(MetricVerdict.Outcome.PASS, verdict.outcome(), verdict.reason());
    assertEquals(42.0, verdict.value());
  }

  @Test
  void anUnknownTypeIsAFailedCheckThatNamesItAndTheKnownOnes() {
    // given a template of a type no provider answers to
    CanaryMetric metric = templateMetric(50);

    // when
    MetricVerdict verdict = check(metric, template("graphite", "sum(errors)"));

    // then the check fails, saying which type and which ones would run; nothing is queried
    assertEquals(MetricVerdict.Outcome.FAIL, verdict.outcome());
    assertTrue(
        verdict
            .reason()
            .contains("provider type graphite is not supported (Sluice runs datadog, prometheus)"),
        verdict.reason());
    assertTrue(prometheus.queries.isEmpty() && datadog.queries.isEmpty());
    assertEquals(Optional.empty(), factory.forType("graphite"));
    assertEquals(Optional.empty(), factory.forType(null));
  }

  @Test
  void typesAreSortedAndEachPicksItsProvider() {
    assertEquals(List.of("datadog", "prometheus"), List.copyOf(factory.types()));
    assertSame(prometheus, factory.forType("prometheus").orElseThrow());
    assertSame(datadog, factory.forType("datadog").orElseThrow());
  }

  @Test
  void twoProvidersOfOneTypeAreRefused() {
    // otherwise the choice would depend on the order CDI finds them in
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> new MetricProviderFactory(List.of(datadog, new FixedProvider("datadog", 0))));
    assertTrue(refused.getMessage().endsWith("both answer to type datadog"), refused.getMessage());
  }

  /** What MetricAnalyzer does for one check, without the informer cache. */
  private MetricVerdict check(CanaryMetric metric, MetricTemplate template) {
    Canary canary = canary();
    MetricQuery query =
        QueryResolver.resolve(
            metric,
            QueryContext.of(canary, metric),
            AllMeshProviders.registry().builtins("istio"),
            template,
            factory.types());
    QueryResult result =
        query instanceof MetricQuery.Run run
            ? factory
                .forType(run.providerType())
                .orElseThrow()
                .query(
                    new MetricSource(run.templateProvider(), "test", null, "test/podinfo"),
                    run.query())
            : new QueryResult.Failed(
                assertInstanceOf(MetricQuery.Unresolvable.class, query).reason());
    return MetricEvaluator.evaluate(metric, result);
  }

  private static Canary canary() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("test").build());
    LocalObjectReference target = new LocalObjectReference();
    target.setKind("Deployment");
    target.setName("podinfo");
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    canary.setSpec(spec);
    return canary;
  }

  private static CanaryMetric templateMetric(double max) {
    CanaryMetric metric = new CanaryMetric();
    metric.setName("errors");
    CrossNamespaceReference ref = new CrossNamespaceReference();
    ref.setName("errors");
    metric.setTemplateRef(ref);
    ThresholdRange range = new ThresholdRange();
    range.setMax(max);
    metric.setThresholdRange(range);
    return metric;
  }

  private static MetricTemplate template(String type, String query) {
    MetricTemplateProvider provider = new MetricTemplateProvider();
    provider.setType(type);
    MetricTemplateSpec spec = new MetricTemplateSpec();
    spec.setProvider(provider);
    spec.setQuery(query);
    MetricTemplate template = new MetricTemplate();
    template.setSpec(spec);
    return template;
  }
}

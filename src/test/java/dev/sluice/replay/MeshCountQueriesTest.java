package dev.sluice.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.query.CountQueries;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A replay reads each mesh's own count series, with the names its metrics give each workload. */
class MeshCountQueriesTest {
  private static final CountQueries SERVICES =
      CountQueries.of(
          "rq{cluster=~\"{{ namespace }}_{{ target }}\"",
          "code=~\"5.*\"",
          "rq_time_bucket{cluster=~\"{{ namespace }}_{{ target }}\"",
          Duration.ofMillis(1),
          "%s-canary",
          "%s-primary");

  @Test
  void theCanaryAndThePrimaryAreNamedAsTheMeshsMetricsNameThem() {
    MeshCountQueries queries = new MeshCountQueries(podinfo(), "contour", SERVICES);
    assertEquals(
        "sum(increase(rq{cluster=~\"shop_podinfo-canary\"}[60s]))",
        queries.requests("shop", "podinfo", Duration.ofMinutes(1)));
    assertEquals(
        "(sum(increase(rq{cluster=~\"shop_podinfo-primary\", code=~\"5.*\"}[60s])) or vector(0))",
        queries.errors("shop", "podinfo-primary", Duration.ofMinutes(1)));
    assertEquals(
        "sum(increase(rq_time_bucket{cluster=~\"shop_podinfo-canary\", le=\"+Inf\"}[60s]))"
            + " - sum(increase(rq_time_bucket{cluster=~\"shop_podinfo-canary\","
            + " le=~\"500([.]0*)?\"}[60s]))",
        queries.slow("shop", "podinfo", Duration.ofMinutes(1), Duration.ofMillis(500)));
  }

  private static Canary podinfo() {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withName("podinfo").withNamespace("shop").build());
    CanarySpec spec = new CanarySpec();
    LocalObjectReference target = new LocalObjectReference();
    target.setName("podinfo");
    spec.setTargetRef(target);
    spec.setAnalysis(new CanaryAnalysis());
    canary.setSpec(spec);
    return canary;
  }
}

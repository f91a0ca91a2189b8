package dev.sluice.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every series of a canary goes with it; a series of a target it no longer has goes at once. */
class CanaryMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CanaryMetrics metrics = new CanaryMetrics();

  CanaryMetricsTest() {
    metrics.registry = registry;
  }

  @Test
  void aForgottenCanaryLeavesNoSeriesButThoseOfOtherCanaries() {
    // given: two canaries with every per-canary series, one of them done
    Canary gone = canary("shop", "cart", "cart-app");
    Canary stays = canary("shop", "checkout", "checkout-app");
    for (Canary canary : List.of(gone, stays)) {
      metrics.phase(canary, CanaryPhase.Progressing);
      metrics.weights(canary, 10);
      metrics.tickDuration(canary, Duration.ofMillis(20));
      metrics.outcome(canary, true);
      metrics.outcome(canary, false);
    }
    metrics.total("shop", 2);

    // when
    metrics.forget(gone);
    metrics.total("shop", 1);

    // then
    assertEquals(List.of(), seriesNaming("cart"), "nothing of cart is left");
    assertEquals(
        6,
        seriesNaming("checkout").size(),
        "checkout keeps status, two weights, duration, successes, failures: "
            + seriesNaming("checkout"));
  }

  @Test
  void theLastCanaryOfANamespaceTakesTheNamespacesCountWithIt() {
    Canary only = canary("team-a", "cart", "cart-app");
    metrics.total("team-a", 1);
    metrics.phase(only, CanaryPhase.Progressing);

    metrics.forget(only);
    metrics.total("team-a", 0);

    assertEquals(List.of(), seriesNaming("team-a"));
    assertEquals(0, metrics.heldEntries(), "nothing of it is kept in memory either");
  }

  @Test
  void aNewTargetReplacesTheWeightSeriesOfTheOldOne() {
    Canary before = canary("shop", "cart", "cart-v1");
    metrics.weights(before, 20);

    metrics.weights(canary("shop", "cart", "cart-v2"), 30);

    assertEquals(List.of(), seriesNaming("cart-v1"), "the old target's weights are gone");
    assertEquals(2, seriesNaming("cart-v2").size());
  }

  @Test
  void theJudgesEvidenceAndCountsArePerSignalAndItsRollbacksApart() {
    Canary cart = canary("shop", "cart", "cart-app");
    dev.sluice.api.v1beta1.JudgeSignalStatus errors =
        new dev.sluice.api.v1beta1.JudgeSignalStatus();
    errors.setName("errors");
    errors.setEvidence(142.5);
    errors.setCanaryRequests(2140L);
    errors.setCanaryBad(31L);
    errors.setPrimaryRequests(40660L);
    errors.setPrimaryBad(18L);
    errors.setVerdict("Rollback");
    dev.sluice.api.v1beta1.JudgeStatus judge = new dev.sluice.api.v1beta1.JudgeStatus();
    judge.setSignals(List.of(errors));

    metrics.judge(cart, judge);
    metrics.rollback(cart, true);
    metrics.rollback(cart, false);

    assertEquals(
        142.5,
        registry
            .get("sluice.judge.evidence")
            .tags("name", "cart", "signal", "errors")
            .gauge()
            .value());
    assertEquals(
        31.0,
        registry
            .get("sluice.judge.bad")
            .tags("name", "cart", "signal", "errors", "workload", "canary")
            .gauge()
            .value());
    assertEquals(
        40660.0,
        registry
            .get("sluice.judge.requests")
            .tags("name", "cart", "signal", "errors", "workload", "primary")
            .gauge()
            .value());
    assertEquals(
        1.0,
        registry
            .get("sluice.canary.rollbacks")
            .tags("name", "cart", "by", "judge")
            .counter()
            .count());
    assertEquals(
        1.0,
        registry
            .get("sluice.canary.rollbacks")
            .tags("name", "cart", "by", "threshold")
            .counter()
            .count());

    metrics.forget(cart);
    assertEquals(List.of(), seriesNaming("cart"));
    assertEquals(0, metrics.heldEntries());
  }

  /** Meters any of whose tags has {@code value}, as {@code name{tags}}. */
  private List<String> seriesNaming(String value) {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getTags().stream().anyMatch(t -> t.getValue().startsWith(value)))
        .map(Meter::getId)
        .map(Object::toString)
        .toList();
  }

  private static Canary canary(String namespace, String name, String target) {
    Canary canary = new Canary();
    canary.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    CanarySpec spec = new CanarySpec();
    LocalObjectReference ref = new LocalObjectReference();
    ref.setName(target);
    spec.setTargetRef(ref);
    spec.setAnalysis(new CanaryAnalysis());
    canary.setSpec(spec);
    return canary;
  }
}

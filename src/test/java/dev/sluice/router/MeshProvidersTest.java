package dev.sluice.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry's own rules, with descriptors written for the test. */
class MeshProvidersTest {

  @Test
  void twoDescriptorsClaimingOneProviderStringAreRefusedAtStartNamingBoth() {
    var error =
        assertThrows(
            IllegalStateException.class,
            () -> new MeshProviders(List.of(new Fake("a", null), new Fake("a", null))));

    assertTrue(error.getMessage().startsWith("provider a is claimed by "), error.getMessage());
  }

  @Test
  void aProviderMeasuredAsAnotherGetsThatOnesQueriesOneStepOnly() {
    // given: b is measured as a, c as b
    MeshProviders meshes =
        new MeshProviders(List.of(new Fake("a", null), new Fake("b", "a"), new Fake("c", "b")));

    // then: b gets a's; c gets b's own (none), not a's through b
    assertEquals(Map.of(BuiltinMetric.REQUEST_DURATION, "a"), meshes.builtins("b").queries());
    assertEquals(Map.of(), meshes.builtins("c").queries());
    assertEquals(Map.of(), meshes.builtins("unknown").queries());
  }

  @Test
  void noDescriptorAnswersForANullProvider() {
    MeshProviders meshes = new MeshProviders(List.of(new Fake("a", null)));

    assertEquals(Optional.empty(), meshes.find(null));
    assertEquals(
        List.of("provider null is not supported (supported: a)"),
        meshes.problems(null, new CanarySpec()));
  }

  /** A mesh named {@code name} with one builtin query, its name, measured as {@code measuredAs}. */
  private record Fake(String name, String measuredAsName) implements MeshProvider {
    @Override
    public List<String> providers() {
      return List.of(name);
    }

    @Override
    public Router router(String provider) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MeshCapabilities capabilities() {
      return new MeshCapabilities(false, false, false, false);
    }

    @Override
    public List<String> problems(String provider, CanarySpec spec) {
      return List.of();
    }

    @Override
    public Map<BuiltinMetric, String> builtinQueries(String provider) {
      return measuredAsName == null ? Map.of(BuiltinMetric.REQUEST_DURATION, name) : Map.of();
    }

    @Override
    public Optional<String> measuredAs(String provider) {
      return Optional.ofNullable(measuredAsName);
    }
  }
}

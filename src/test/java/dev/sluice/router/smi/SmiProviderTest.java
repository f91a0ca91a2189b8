package dev.sluice.router.smi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Flagger's SMI provider strings, each read as the TrafficSplit version and mesh it stands for. */
class SmiProviderTest {

  @ParameterizedTest
  @CsvSource({
    "linkerd, v1alpha1, linkerd",
    "osm, v1alpha2, osm",
    "smi:v1alpha1, v1alpha1, ",
    "smi:v1alpha2, v1alpha2, ",
    "smi:v1alpha3, v1alpha3, ",
    "smi:v1alpha1:linkerd, v1alpha1, linkerd",
    "smi:v1alpha2:istio, v1alpha2, istio",
    "smi:v1alpha3:osm, v1alpha3, osm",
  })
  void flaggersProviderStringsNameAVersionAndAMesh(String provider, String version, String mesh) {
    assertEquals(Optional.of(new SmiProvider(version, mesh)), SmiProvider.parse(provider));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "smi",
        "smi:",
        "smi:linkerd",
        "smi:v1alpha4",
        "smi:v1alpha3foo",
        "smi:v1alpha3:",
        "SMI:v1alpha3",
        "Linkerd",
        "istio",
        "gatewayapi:v1"
      })
  void otherStringsAreNoSmiProvider(String provider) {
    assertEquals(Optional.empty(), SmiProvider.parse(provider));
  }

  @ParameterizedTest
  @CsvSource({"linkerd, true", "smi:v1alpha1:istio, true", "osm, false", "smi:v1alpha3, false"})
  void onlyV1alpha1WeighsInQuantities(String provider, boolean quantities) {
    SmiProvider parsed = SmiProvider.parse(provider).orElseThrow();
    if (quantities) {
      assertTrue(parsed.weightsAreQuantities());
    } else {
      assertFalse(parsed.weightsAreQuantities());
    }
  }

  @org.junit.jupiter.api.Test
  void aNullProviderIsNone() {
    assertEquals(Optional.empty(), SmiProvider.parse(null));
  }
}

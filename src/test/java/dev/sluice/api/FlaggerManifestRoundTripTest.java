package dev.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Canary manifests written for Flagger must reach the controller whole. The client's mapper ignores
 * unknown fields, so a field missing from the model would vanish silently; a round trip through
 * {@link Canary} catches that.
 */
class FlaggerManifestRoundTripTest {

  /** The mapper the fabric8 client and its informers use. */
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static final YAMLMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "istio-canary.yaml",
        "ab-testing.yaml",
        "blue-green-kubernetes.yaml",
        "hpa-session-affinity.yaml"
      })
  void canaryManifestSurvivesARoundTripUnchanged(String file) throws IOException {
    // given
    String manifest = read(file);
    JsonNode input = YAML.readTree(manifest);

    // when
    Canary canary = SERIALIZATION.unmarshal(manifest, Canary.class);
    JsonNode output = YAML.readTree(SERIALIZATION.asYaml(canary));

    // then: equal trees, numbers by value (thresholdRange is a double: 99 comes back as 99.0)
    List<String> differences = new ArrayList<>();
    diff("", input, output, differences);
    assertTrue(
        differences.isEmpty(),
        () -> file + " changed in the model:\n  " + String.join("\n  ", differences));
  }

  @Test
  void statusWrittenByFlaggerWithAnEmptyPhaseIsReadAsNoPhaseYet() throws IOException {
    Canary canary = SERIALIZATION.unmarshal(read("flagger-status.yaml"), Canary.class);

    assertNull(canary.getStatus().getPhase());
    assertEquals(0, canary.getStatus().getFailedChecks());
    assertEquals("Promoted", canary.getStatus().getConditions().get(0).getType());
  }

  private static void diff(String path, JsonNode in, JsonNode out, List<String> differences) {
    if (in.isNumber() && out.isNumber()) {
      if (in.decimalValue().compareTo(out.decimalValue()) != 0) {
        differences.add(path + ": " + in + " became " + out);
      }
    } else if (in.isObject() && out.isObject()) {
      Set<String> names = new TreeSet<>();
      in.fieldNames().forEachRemaining(names::add);
      out.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path + "." + name, in.path(name), out.path(name), differences);
      }
    } else if (in.isArray() && out.isArray() && in.size() == out.size()) {
      for (int i = 0; i < in.size(); i++) {
        diff(path + "[" + i + "]", in.get(i), out.get(i), differences);
      }
    } else if (in.isMissingNode()) {
      differences.add(path + ": appeared as " + out);
    } else if (out.isMissingNode()) {
      differences.add(path + ": lost (" + in + ")");
    } else if (!in.equals(out)) {
      differences.add(path + ": " + in + " became " + out);
    }
  }

  private static String read(String file) throws IOException {
    try (InputStream in =
        FlaggerManifestRoundTripTest.class.getResourceAsStream("/manifests/" + file)) {
      if (in == null) {
        throw new IOException("test resource manifests/" + file + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

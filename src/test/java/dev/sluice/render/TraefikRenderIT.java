package dev.sluice.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.router.traefik.TraefikFixtures;
import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sluice render -f} of a Traefik canary: its Services and its TraefikService. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class TraefikRenderIT {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String CANARY = "src/test/resources/canaries/podinfo-traefik.yaml";

  @Inject RenderCommand render;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aTraefikCanaryRendersATraefikServiceValidForTraefik() throws Exception {
    int exit = run("-f", CANARY, "--weight", "20");

    assertEquals(0, exit, err());
    List<JsonNode> docs = documents();
    assertEquals(
        List.of(
            "Service/podinfo",
            "Service/podinfo-primary",
            "Service/podinfo-canary",
            "TraefikService/podinfo"),
        docs.stream()
            .map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
            .toList());
    JsonNode traefikService = docs.get(3);
    assertEquals("traefik.io/v1alpha1", traefikService.path("apiVersion").asText());
    JsonNode services = traefikService.at("/spec/weighted/services");
    assertEquals("podinfo-primary", services.at("/0/name").asText(), out());
    assertEquals(80, services.at("/0/weight").asInt(), out());
    assertEquals("podinfo-canary", services.at("/1/name").asText(), out());
    assertEquals(20, services.at("/1/weight").asInt(), out());
    assertEquals(80, services.at("/1/port").asInt(), out());
    TraefikFixtures.TRAEFIK_SCHEMA.assertValid(traefikService);
  }

  @Test
  void aTraefikAbTestIsRefusedWithTheFieldNamed() throws Exception {
    Path file = Files.createTempFile("traefik-ab", ".yaml");
    Files.writeString(
        file,
        Files.readString(Path.of(CANARY))
            .replace(
                "    maxWeight: 30\n    stepWeight: 10\n",
                "    iterations: 5\n    match:\n      - headers:\n          x-canary:\n            exact: insider\n"));

    assertEquals(2, run("-f", file.toString()));
    assertTrue(err().contains("provider traefik") && err().contains("analysis.match"), err());
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return render.run(
        List.of(args),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<JsonNode> documents() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

package dev.sluice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The controller's artifact, {@code target/quarkus-app} (what {@code bin/sluice controller} runs
 * and an image ships), holds none of the tools of {@code src/playground/java} and none of their
 * dependencies: no playground or local-cluster class or resource, no in-memory API server. Runs
 * after {@code package} (verify's integration-test phase), since it reads what package wrote.
 */
class ControllerArtifactE2E {
  private static final Path APP = Path.of("target/quarkus-app");

  /** Where a class or resource of the tools, or of the mock API server, would sit in a jar. */
  private static final List<String> TOOL_ENTRIES =
      List.of(
          "dev/sluice/playground/",
          "dev/sluice/cluster/",
          "playground/",
          "io/fabric8/mockwebserver/",
          "io/fabric8/kubernetes/client/server/mock/");

  @Test
  void theControllerArtifactHoldsNoToolAndNoMockApiServer() throws IOException {
    List<String> entries = entries(APP);

    assertTrue(
        entries.stream()
            .anyMatch(e -> e.startsWith("app/") && e.endsWith("!dev/sluice/SluiceMain.class")),
        "the scan reads the controller's own jar in " + APP.toAbsolutePath());
    assertEquals(
        List.of(),
        entries.stream()
            .filter(e -> TOOL_ENTRIES.stream().anyMatch(tool -> e.contains("!" + tool)))
            .toList(),
        "entries of the tools or the mock API server in " + APP);
  }

  /** Every entry of every jar under {@code root}, as {@code jar-path!entry-name}. */
  private static List<String> entries(Path root) throws IOException {
    List<String> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        String name = root.relativize(jar).toString();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            entries.add(name + "!" + e.nextElement().getName());
          }
        }
      }
    }
    return entries;
  }
}

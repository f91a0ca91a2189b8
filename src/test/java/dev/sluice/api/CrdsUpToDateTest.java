package dev.sluice.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code crds/} is what users install, while {@code target/crds/} is what the Java
 * model generates on every build; the two must never drift apart.
 */
class CrdsUpToDateTest {

  static final Path COMMITTED = Path.of("crds");
  static final Path GENERATED = Path.of("target", "crds");
  static final String KUSTOMIZATION = "kustomization.yaml";
  static final String FIX = "./mvnw -Pupdate-crds process-classes";

  @Test
  void committedCrdsEqualTheGeneratedOnes() throws IOException {
    // given: the build generated CRDs from the model
    assertTrue(
        Files.isDirectory(GENERATED),
        GENERATED + " is missing; it is written by crd-generator-maven-plugin in process-classes");
    Set<String> generated = yamlFiles(GENERATED);
    Set<String> committed = yamlFiles(COMMITTED);
    assertTrue(!generated.isEmpty(), "the CRD generator wrote nothing to " + GENERATED);

    // when: comparing both directories file by file
    List<String> problems = new ArrayList<>();
    for (String name : union(generated, committed)) {
      if (!committed.contains(name)) {
        problems.add("crds/" + name + " is missing (generated but not committed)");
      } else if (!generated.contains(name)) {
        problems.add("crds/" + name + " is stale (committed but no longer generated)");
      } else if (!Arrays.equals(
          Files.readAllBytes(COMMITTED.resolve(name)),
          Files.readAllBytes(GENERATED.resolve(name)))) {
        problems.add("crds/" + name + " differs from target/crds/" + name);
      }
    }

    // then
    assertTrue(
        problems.isEmpty(),
        () ->
            "crds/ is out of date with the Java model; run `"
                + FIX
                + "` and commit crds/:\n  "
                + String.join("\n  ", problems));
  }

  private static Set<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          // crds/kustomization.yaml is hand-written so that deploy/ can include ../crds
          .filter(n -> !n.equals(KUSTOMIZATION))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}

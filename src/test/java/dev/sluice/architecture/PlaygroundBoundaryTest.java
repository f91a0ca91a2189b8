package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools of {@code src/playground/java} (the playground, the local cluster) stay beside the
 * controller. The in-memory API server is a provided dependency, so the controller's code would
 * compile against it and fail only when run; and the layer checks must see the tools as {@code
 * bin/sluice} runs them (target/playground-classes), since their copies among the test classes are
 * left out of every import.
 */
class PlaygroundBoundaryTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice");
  }

  @Test
  void onlyTheToolsUseTheInMemoryApiServer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.sluice.playground..", "dev.sluice.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.mockwebserver..", "io.fabric8.kubernetes.client.server.mock..")
        .check(classes);
  }

  @Test
  void theLayerChecksSeeThePlaygroundAsBinSluiceRunsIt() {
    String playground = "dev.sluice.playground.Playground";

    assertTrue(classes.contain(playground), "imported: " + playground);
    String location = classes.get(playground).getSource().orElseThrow().getUri().toString();
    assertTrue(location.contains("/target/playground-classes/"), location);
  }
}

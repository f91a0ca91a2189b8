package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, each importing only those below it: api, the pure domain, kube, the
 * adapters, the controller, and the entry points on top. A class that reaches up a layer fails here
 * with the offending import named.
 */
class LayersTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice");
  }

  @Test
  void eachLayerImportsOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("api")
        .definedBy("dev.sluice.api..")
        .layer("domain")
        .definedBy(
            "dev.sluice.analysis..",
            "dev.sluice.workload..",
            "dev.sluice.query..",
            "dev.sluice.traffic..",
            "dev.sluice.judge..")
        .layer("kube")
        .definedBy("dev.sluice.kube..", "dev.sluice.config..")
        .layer("adapters")
        .definedBy(
            "dev.sluice.router..",
            "dev.sluice.metricprovider..",
            "dev.sluice.webhook..",
            "dev.sluice.notify..",
            "dev.sluice.outbound..",
            "dev.sluice.observe..")
        .layer("controller")
        .definedBy("dev.sluice.controller..")
        .layer("top")
        .definedBy(
            "dev.sluice",
            "dev.sluice.httpapi..",
            "dev.sluice.render..",
            "dev.sluice.replay..",
            "dev.sluice.playground..",
            "dev.sluice.cluster..")
        .whereLayer("top")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("controller")
        .mayOnlyBeAccessedByLayers("top")
        .whereLayer("adapters")
        .mayOnlyBeAccessedByLayers("controller", "top")
        .whereLayer("kube")
        .mayOnlyBeAccessedByLayers("adapters", "controller", "top")
        .whereLayer("domain")
        .mayOnlyBeAccessedByLayers("kube", "adapters", "controller", "top")
        .check(classes);
  }

  @Test
  void theDomainAndTheApiHoldNoClientAndDoNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.sluice.api..",
            "dev.sluice.analysis..",
            "dev.sluice.workload..",
            "dev.sluice.query..",
            "dev.sluice.traffic..",
            "dev.sluice.judge..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client.dsl..",
            "io.fabric8.kubernetes.client.informers..",
            "io.vertx..",
            "io.smallrye.mutiny..",
            "java.net.http..",
            "jakarta.enterprise..",
            "jakarta.inject..",
            "org.quartz..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("io.fabric8.kubernetes.client.KubernetesClient")
        .check(classes);
  }

  /**
   * A mesh provider is one package under {@code router}: nothing else names its classes (the
   * registry finds its descriptor through CDI), and no mesh reaches into another. The playground is
   * the one exception, since it simulates one mesh, Istio, on purpose.
   */
  @Test
  void aMeshIsNamedOnlyInItsOwnPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.sluice.router.*..", "dev.sluice.playground..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.sluice.router.*..")
        .check(classes);
    slices().matching("dev.sluice.router.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.sluice.(**)").should().beFreeOfCycles().check(classes);
  }
}

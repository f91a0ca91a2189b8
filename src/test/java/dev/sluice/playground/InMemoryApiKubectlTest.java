package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubectl --kubeconfig ... get canaries} line the playground prints, run with the real
 * kubectl (the one {@code controlplane/build} caches) against the in-memory API, as a new user
 * would: kubectl finds its resource types through API discovery, which the in-memory API must
 * answer as an API server does.
 */
class InMemoryApiKubectlTest {

  private static InMemoryApi api;
  private static Path kubectl;
  @TempDir static Path work;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws Exception {
    kubectl = cachedKubectl();
    assumeTrue(
        kubectl != null,
        "no kubectl: controlplane/build --path found no cached control plane on this machine");
    api = InMemoryApi.start(Path.of("crds"));
    api.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(Scenario.NAMESPACE)
                .endMetadata()
                .build())
        .create();
    api.client()
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("flagger.app/v1beta1")
                .withKind("Canary")
                .withNewMetadata()
                .withName("podinfo")
                .withNamespace(Scenario.NAMESPACE)
                .endMetadata()
                .withAdditionalProperties(
                    Map.of(
                        "spec",
                        Map.of(
                            "targetRef",
                            Map.of(
                                "apiVersion", "apps/v1", "kind", "Deployment", "name", "podinfo"),
                            "service",
                            Map.of("port", 9898),
                            "analysis",
                            Map.of("interval", "3s", "threshold", 2))))
                .build())
        .create();
    var canary =
        api.client()
            .genericKubernetesResources("flagger.app/v1beta1", "Canary")
            .inNamespace(Scenario.NAMESPACE)
            .withName("podinfo")
            .get();
    canary.setAdditionalProperty("status", Map.of("phase", "Initialized", "canaryWeight", 0));
    api.client().resource(canary).updateStatus();
    api.client()
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("podinfo.initialized")
                .withNamespace(Scenario.NAMESPACE)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Canary")
                .withName("podinfo")
                .withNamespace(Scenario.NAMESPACE)
                .endInvolvedObject()
                .withReason("Synced")
                .withMessage("Initialization done! podinfo.playground")
                .withType("Normal")
                .build())
        .create();
    kubeconfig = work.resolve("kubeconfig");
    Files.writeString(kubeconfig, api.kubeconfig(Scenario.NAMESPACE));
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void kubectlListsTheCanariesOfEveryNamespace() throws Exception {
    Result result = kubectl("get", "canaries", "-A");

    assertEquals(0, result.exit(), result.output());
    assertTrue(result.output().contains("podinfo"), result.output());
    assertTrue(result.output().contains(Scenario.NAMESPACE), result.output());
  }

  @Test
  void kubectlListsTheEventsOfThePlaygroundNamespace() throws Exception {
    Result result = kubectl("get", "events");

    assertEquals(0, result.exit(), result.output());
    assertTrue(result.output().lines().findFirst().orElse("").contains("REASON"), result.output());
    assertTrue(result.output().contains("Initialization done!"), result.output());
    assertTrue(result.output().contains("canary/podinfo"), result.output());
  }

  @Test
  void kubectlKnowsTheOtherKindsThePlaygroundUses() throws Exception {
    for (String kind :
        List.of(
            "virtualservices",
            "destinationrules",
            "deployments",
            "services",
            "configmaps",
            "secrets",
            "pods",
            "canary",
            "canaries.flagger.app",
            "metrictemplates",
            "alertproviders",
            "vs",
            "dr",
            "deploy",
            "svc",
            "ev")) {
      Result result = kubectl("get", kind);

      assertEquals(0, result.exit(), "kubectl get " + kind + ":\n" + result.output());
    }
  }

  @Test
  void kubectlShowsFlaggersPrinterColumnsForCanaries() throws Exception {
    Result result = kubectl("get", "canaries");

    assertEquals(0, result.exit(), result.output());
    String header = result.output().lines().findFirst().orElse("");
    assertTrue(
        header.contains("STATUS") && header.contains("WEIGHT") && !header.contains("INTERVAL"),
        "the priority-0 printer columns of crds/:\n" + result.output());
    assertTrue(result.output().contains("Initialized"), result.output());
    assertTrue(
        kubectl("get", "canaries", "-o", "wide").output().contains("3s"),
        "-o wide adds the interval");
  }

  @Test
  void kubectlShowsOneCanaryAsYaml() throws Exception {
    Result result = kubectl("get", "canary", "podinfo", "-o", "yaml");

    assertEquals(0, result.exit(), result.output());
    assertTrue(result.output().contains("kind: Canary"), result.output());
    assertTrue(result.output().contains("interval: 3s"), result.output());
  }

  private record Result(int exit, String output) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.add("--kubeconfig=" + kubeconfig);
    // a fresh discovery cache: what a new user's first kubectl call sees
    command.add("--cache-dir=" + work.resolve("kube-cache-" + System.nanoTime()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("KUBE"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  /** The kubectl {@code controlplane/build} cached, or null when none is built here. */
  static Path cachedKubectl() throws IOException, InterruptedException {
    Path script = Path.of("controlplane/build").toAbsolutePath();
    if (!Files.isExecutable(script)) {
      return null;
    }
    Process process =
        new ProcessBuilder(script.toString(), "--path")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      return null;
    }
    Path binary = Path.of(out.strip()).resolve("kubectl");
    return Files.isExecutable(binary) ? binary : null;
  }
}

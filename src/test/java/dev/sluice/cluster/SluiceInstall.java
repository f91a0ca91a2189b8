package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Sluice installed on a {@link ControlPlane} as a user installs it: {@code crds/} and the routing
 * CRDs applied with the real kubectl, {@code deploy/} with {@code kubectl apply -k}, and since the
 * Deployment's container cannot run here, the packaged controller ({@code
 * target/quarkus-app/quarkus-run.jar}) run beside it with the token of its ServiceAccount
 * (TokenRequest), so the ClusterRole in {@code deploy/rbac.yaml} is what it may do. The API
 * server's audit log tells what it asked and what was refused.
 */
final class SluiceInstall implements AutoCloseable {
  static final String NAMESPACE = "sluice-system";
  static final String SERVICE_ACCOUNT = "sluice";
  static final String USER = "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;

  /** The routing CRDs the providers write to, as their projects publish them. */
  static final List<String> ROUTING_CRDS =
      List.of(
          "../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml",
          "../shared/schemas/gateway-api-v1.6.1-httproutes.yaml",
          "src/test/resources/schemas/contour-main-0001337b-httpproxies.yaml",
          "src/test/resources/schemas/linkerd-smi-b55b212-trafficsplits.yaml",
          "src/test/resources/schemas/traefik-v3.4-traefikservices.yaml");

  /**
   * One request the controller made, from the audit log; {@code authorized} is the authorizer's
   * decision (false: RBAC refused it), apart from a refusal by admission (a 403 too, e.g. a write
   * into a namespace being deleted).
   */
  record Request(
      String verb, String group, String resource, int code, boolean authorized, String uri) {}

  private final ControlPlane plane;
  private final Path root;
  private Process controller;
  private Path kubeconfig;
  private Path controllerLog;
  private boolean stopHook;
  private int httpPort;
  private int managementPort;

  private SluiceInstall(ControlPlane plane, Path root) {
    this.plane = plane;
    this.root = root;
  }

  static SluiceInstall install(ControlPlane plane, Path root) {
    SluiceInstall install = new SluiceInstall(plane, root);
    try {
      install.apply();
      install.startController();
      return install;
    } catch (RuntimeException e) {
      install.close();
      throw e;
    }
  }

  private void apply() {
    for (String file : ROUTING_CRDS) {
      // server-side: Istio's CRDs are larger than the last-applied annotation may be
      plane.kubectl("apply", "--server-side", "-f", root.resolve(file).toString());
    }
    plane.kubectl("apply", "-k", root.resolve("deploy").toString());
    plane.kubectl(
        "wait", "--for=condition=Established", "--timeout=60s", "crd/canaries.flagger.app");
    plane.kubectl(
        "wait",
        "--for=jsonpath={.metadata.name}=default",
        "--timeout=60s",
        "-n",
        NAMESPACE,
        "serviceaccount/default");
  }

  private void startController() {
    Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: end-to-end tests run after package (./mvnw verify)");
    }
    TokenRequest request =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3 * 3600L).endSpec().build();
    String token =
        plane
            .client()
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(SERVICE_ACCOUNT)
            .tokenRequest(request)
            .getStatus()
            .getToken();
    Kubeconfig own = new Kubeconfig(plane.admin().server(), plane.admin().caPem(), USER, token);
    kubeconfig = own.write(plane.dir().resolve("sluice.kubeconfig"));
    controllerLog = plane.dir().resolve("sluice-controller.log");
    httpPort = LocalProcess.freeLoopbackPort();
    managementPort = LocalProcess.freeLoopbackPort();
    launch();
  }

  /**
   * Starts the packaged controller with this install's identity (its ServiceAccount's token and
   * ports), its output appended to {@link #controllerLog()}, and waits until it is ready.
   */
  private void launch() {
    Path jar = root.resolve("target/quarkus-app/quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // the API server's warnings (unknown or duplicate fields of a write) in the log
                "-Dquarkus.log.category.\"io.fabric8.kubernetes.client.dsl.internal.OperationSupport\".level=DEBUG",
                "-jar",
                jar.toString(),
                "controller")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(controllerLog.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("QUARKUS_")
                    || k.startsWith("KUBERNETES_")
                    || k.startsWith("SLUICE_")
                    || k.startsWith("KUBECONFIG"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("SLUICE_MIN_INTERVAL", "1s");
    // no canary here queries Prometheus; an address on loopback that answers nothing
    env.put("SLUICE_METRICS_SERVER", "http://127.0.0.1:9");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    try {
      controller = builder.start();
      if (!stopHook) {
        stopHook = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sluice-controller-stop"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the controller", e);
    }
    awaitReady();
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
    try {
      org.awaitility.Awaitility.await("the controller ready")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ready(http, ready));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException(
          "the controller was not ready in 120s:\n" + controllerLogTail(), e);
    }
  }

  private boolean ready(HttpClient http, URI ready) throws InterruptedException {
    if (!controller.isAlive()) {
      throw new IllegalStateException(
          "the controller exited with " + controller.exitValue() + ":\n" + controllerLogTail());
    }
    try {
      return http.send(
                  HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /**
   * Kills the controller with SIGKILL, as the kernel's OOM killer or a node failure does: no
   * shutdown hook, no last write. Returns once the process is gone.
   */
  void killController() {
    long pid = controller.pid();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
    try {
      if (!controller.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the controller (pid " + pid + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (controller.exitValue() != 137) {
      throw new IllegalStateException(
          "the controller did not die of SIGKILL: exit " + controller.exitValue());
    }
  }

  /**
   * Starts the controller again with the same identity (ServiceAccount token, ports, log) after
   * {@link #killController()}, and waits until it is ready.
   */
  void restartController() {
    if (controller.isAlive()) {
      throw new IllegalStateException("the controller still runs");
    }
    launch();
  }

  /** Starts the controller again if a test killed it and did not restart it (it failed). */
  void ensureControllerRunning() {
    if (!controller.isAlive()) {
      launch();
    }
  }

  /** Every request the controller made so far, from the API server's audit log. */
  List<Request> requests() {
    List<Request> requests = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try {
      if (!Files.exists(plane.auditLog())) {
        return requests;
      }
      for (String line : Files.readAllLines(plane.auditLog(), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = json.readTree(line);
        if (!USER.equals(event.path("user").path("username").asText())) {
          continue;
        }
        JsonNode ref = event.path("objectRef");
        String resource = ref.path("resource").asText("");
        if (!ref.path("subresource").asText("").isEmpty()) {
          resource += "/" + ref.path("subresource").asText();
        }
        requests.add(
            new Request(
                event.path("verb").asText(),
                ref.path("apiGroup").asText(""),
                resource,
                event.path("responseStatus").path("code").asInt(),
                !"forbid"
                    .equals(
                        event.path("annotations").path("authorization.k8s.io/decision").asText()),
                event.path("requestURI").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  /** The requests RBAC refused: each one is a missing rule in deploy/rbac.yaml. */
  List<Request> forbidden() {
    return requests().stream().filter(r -> !r.authorized()).toList();
  }

  /**
   * The (group, resource, verb) triples the ClusterRole grants that no request of the controller
   * used so far.
   */
  Set<String> unusedRules() {
    Set<String> used = new TreeSet<>();
    for (Request r : requests()) {
      if (r.authorized() && !r.resource().isEmpty()) {
        used.add(r.group() + "/" + r.resource() + " " + r.verb());
      }
    }
    ClusterRole role = plane.client().rbac().clusterRoles().withName("sluice").get();
    Set<String> unused = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            String triple = group + "/" + resource + " " + verb;
            if (!used.contains(triple)) {
              unused.add(triple);
            }
          }
        }
      }
    }
    return unused;
  }

  /** The controller's HTTP port on 127.0.0.1 (gates and control API; health is apart). */
  int httpPort() {
    return httpPort;
  }

  Path controllerLog() {
    return controllerLog;
  }

  String controllerLogTail() {
    try {
      List<String> lines = Files.readAllLines(controllerLog, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no controller log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (controller != null) {
      controller.destroy();
      try {
        if (!controller.waitFor(15, TimeUnit.SECONDS)) {
          controller.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        controller.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

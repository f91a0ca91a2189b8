package dev.sluice.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code bin/sluice playground}: Sluice's whole job on one machine. Everything binds to 127.0.0.1
 * and stops with the playground; the Kubernetes API is the one simulated part, unless {@code
 * --real-cluster} runs a real control plane ({@link RealClusterApi}).
 */
public final class Playground {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SPLIT_TOLERANCE = 0.05;
  // the controller's ServiceAccount token outlives any playground session
  private static final long TOKEN_HOURS = 24;

  private final PrintStream out;
  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  Playground(PrintStream out) {
    this.out = out;
  }

  // kept referenced: JUL holds loggers weakly, and a collected logger forgets its level
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) {
    System.exit(new Playground(System.out).run(args));
  }

  /** Runs the playground; the exit code of {@code --exit-when-done}. */
  int run(String... args) {
    // the in-memory API logs every request; the timeline says what matters
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    PlaygroundOptions options;
    try {
      options = PlaygroundOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("playground: " + e.getMessage());
      out.print(PlaygroundOptions.USAGE);
      return 2;
    }
    try {
      PrometheusProcess.ensureInstalled();
    } catch (IllegalStateException e) {
      out.println("playground: " + e.getMessage());
      return 3;
    }
    Thread cleanup = new Thread(this::stopAll, "playground-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return play(options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (Exception e) {
      out.println("playground: failed: " + e);
      return 1;
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
  }

  private int play(PlaygroundOptions options) throws Exception {
    Path root = Path.of(System.getProperty("sluice.root", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("sluice-playground-");
    long began = System.nanoTime();
    Timeline timeline = started(new Timeline(out));
    Path kubeconfig = work.resolve("kubeconfig");
    Path controllerKubeconfig = kubeconfig;
    // closed after all that starts below: the credentials go with the API they open (the
    // controller's log stays)
    started(
        () -> {
          Files.deleteIfExists(kubeconfig);
          Files.deleteIfExists(work.resolve("sluice.kubeconfig"));
        });
    KubernetesClient client;
    Upstreams workloads;
    String kubectl = "kubectl";
    RealClusterApi cluster = null;
    if (options.realCluster()) {
      timeline.print("setup", "starting a real Kubernetes control plane on 127.0.0.1");
      cluster =
          RealClusterApi.start(root, work, this::started, line -> timeline.print("setup", line));
      client = cluster.client();
      cluster.createNamespace(Scenario.NAMESPACE);
      cluster.writeAdminKubeconfig(kubeconfig, Scenario.NAMESPACE);
      // the controller's own identity: what deploy/rbac.yaml grants, enforced by the API server
      controllerKubeconfig =
          cluster.writeControllerKubeconfig(
              work.resolve("sluice.kubeconfig"), Scenario.NAMESPACE, TOKEN_HOURS);
      kubectl = cluster.kubectl().toString();
      timeline.print(
          "setup",
          "Kubernetes API at "
              + cluster.url()
              + " (REAL: kube-apiserver, etcd, kube-controller-manager; a node agent in place of"
              + " the kubelet; one sample app process per Ready Pod)");
      workloads = started(new PodApps(client, Scenario.NAMESPACE));
    } else {
      InMemoryApi api = started(InMemoryApi.start(root.resolve("crds")));
      timeline.print(
          "setup", "Kubernetes API at " + api.url() + " (SIMULATED: fabric8 mock server)");
      client = api.client();
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(Scenario.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      Files.writeString(kubeconfig, api.kubeconfig(Scenario.NAMESPACE));
      workloads = started(new Workloads(client, Scenario.NAMESPACE));
    }
    workloads.start();
    Scenario scenario = new Scenario(client, options);
    LocalReceiver smoke =
        started(LocalReceiver.start(body -> smokeTest(workloads, scenario, timeline)));
    LocalReceiver chat =
        started(
            LocalReceiver.start(
                body -> {
                  timeline.print("chat", chatText(body));
                  return 200;
                }));
    int controllerPort = ChildProcesses.freeLoopbackPort();
    String sluiceUrl = "http://127.0.0.1:" + controllerPort;
    Canary canary = scenario.create(smoke.url("/smoke"), chat.url("/chat"), sluiceUrl);
    WeightedRouter router =
        started(WeightedRouter.start(client, Scenario.NAMESPACE, scenario.apex(canary), workloads));
    timeline.print("setup", "weighted router at " + router.uri() + " (follows the VirtualService)");
    PrometheusProcess prometheus =
        started(
            PrometheusProcess.start(
                List.of(router.metricsUri().getHost() + ":" + router.metricsUri().getPort())));
    timeline.print("setup", "Prometheus at " + prometheus.address() + " scraping the router");
    ControllerProcess controller =
        started(
            ControllerProcess.start(
                root.resolve("target/quarkus-app/quarkus-run.jar"),
                controllerKubeconfig,
                Scenario.NAMESPACE,
                prometheus.address(),
                work,
                controllerPort));
    timeline.print("setup", "Sluice controller started, log: " + controller.log());
    timeline.print("setup", kubectl + " --kubeconfig " + kubeconfig + " get canaries");
    timeline.follow(client, Scenario.NAMESPACE, scenario.canaryName());

    Instant deadline = Instant.now().plus(options.timeout());
    if (!scenario.awaitInitialized(deadline)) {
      out.println("playground: the canary was not initialized in time; controller log:");
      out.println(tail(controller.log()));
      return 1;
    }
    String ready = String.format("ready in %.1fs", (System.nanoTime() - began) / 1e9);
    timeline.print(
        "setup",
        cluster == null ? ready : ready + "; control plane memory (RSS): " + cluster.memory());
    // load starts once Sluice has written the VirtualService: before, the router has no route
    LoadGenerator load = started(LoadGenerator.start(router.uri(), options.requestsPerSecond()));
    timeline.print("setup", options.requestsPerSecond() + " requests/s through the router");
    Approver approver =
        started(new Approver(client, scenario, sluiceUrl, options.interval(), timeline));
    timeline.print("scenario", "rolling out 2.0.0 (good)");
    CanaryPhase good = scenario.rollout("2.0.0", 0, Duration.ZERO, deadline);
    approver.close();
    timeline.print(
        "scenario",
        "rolling out 3.0.0 (faulty: error rate "
            + options.errorRate()
            + ", +"
            + options.latency().toMillis()
            + "ms)");
    CanaryPhase faulty =
        scenario.rollout("3.0.0", options.errorRate(), options.latency(), deadline);

    Thread.sleep(500); // the timeline's last poll shows the final phase
    timeline.close();
    List<SplitSample> splits = router.splits();
    List<String> violations = SplitSample.violations(splits, SPLIT_TOLERANCE);
    out.println();
    out.println("traffic split seen by the router (weight Sluice set -> share the canary got):");
    for (SplitSample sample : splits) {
      long total = sample.primaryRequests() + sample.canaryRequests();
      out.printf(
          "  canary weight %3d%%: %6d requests, canary share %5.1f%%%n",
          sample.canaryWeight(), total, total == 0 ? 0.0 : 100.0 * sample.canaryRequests() / total);
    }
    violations.forEach(v -> out.println("  OFF: " + v));
    long checked =
        splits.stream()
            .filter(x -> x.canaryWeight() > 0 && x.canaryWeight() < 100)
            .filter(x -> x.requests() >= SplitSample.MINIMUM_REQUESTS)
            .count();
    boolean splitOk = violations.isEmpty() && checked > 0;
    out.printf("load: %d sent, %d ok, %d errors%n", load.sent(), load.ok(), load.errors());
    boolean asExpected = good == CanaryPhase.Succeeded && faulty == CanaryPhase.Failed && splitOk;
    out.println(
        "good version: "
            + good
            + " (expected Succeeded); faulty version: "
            + faulty
            + " (expected Failed); traffic split "
            + (splitOk
                ? "as set (" + checked + " weighted steps checked)"
                : violations.isEmpty()
                    ? "NOT VERIFIED (no weighted step had "
                        + SplitSample.MINIMUM_REQUESTS
                        + " requests: raise --rps or --interval)"
                    : "OFF"));
    if (cluster != null) {
      out.println("control plane memory (RSS) after both rollouts: " + cluster.memory());
    }
    if (options.exitWhenDone()) {
      return asExpected ? 0 : 1;
    }
    out.println("The playground keeps running; try kubectl as above. Ctrl-C stops everything.");
    Thread.currentThread().join();
    return 0;
  }

  /**
   * The pre-rollout smoke test: is the canary up at all? Up to three requests straight to its pods;
   * one 200 passes (the error rate is the metrics' business, judged under traffic).
   */
  private static int smokeTest(Upstreams workloads, Scenario scenario, Timeline timeline) {
    var app = workloads.app(scenario.target());
    if (app.isEmpty()) {
      timeline.print("webhook", "smoke-test: no canary pods to test -> 503");
      return 503;
    }
    HttpClient http = HttpClient.newHttpClient();
    int status = 0;
    for (int attempt = 1; attempt <= 3 && status != 200; attempt++) {
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(app.get().uri()).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        status = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 500;
      }
    }
    timeline.print(
        "webhook",
        "smoke-test (pre-rollout): canary " + app.get().version() + " answered " + status);
    return status == 200 ? 200 : 500;
  }

  /** The text of a Slack message as people would read it. */
  private static String chatText(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode attachment = json.path("attachments").path(0);
      String text = json.path("text").asText("");
      if (text.isEmpty()) {
        text = attachment.path("text").asText(attachment.path("fallback").asText(""));
      }
      StringBuilder line = new StringBuilder(text);
      for (JsonNode field : attachment.path("fields")) {
        line.append(" | ")
            .append(field.path("title").asText())
            .append(": ")
            .append(field.path("value").asText());
      }
      return line.toString();
    } catch (IOException e) {
      return body;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private <T extends AutoCloseable> T started(T resource) {
    synchronized (running) {
      running.push(resource);
    }
    return resource;
  }

  /** Stops everything started, last first; runs at exit and on Ctrl-C. */
  private void stopAll() {
    while (true) {
      AutoCloseable next;
      synchronized (running) {
        next = running.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception e) {
        out.println("playground: stopping " + next.getClass().getSimpleName() + ": " + e);
      }
    }
  }
}

package dev.sluice.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Kubernetes control plane on 127.0.0.1, in a temporary folder: etcd, kube-apiserver (RBAC,
 * service-account token signing, its own self-signed serving certificate), kube-controller-manager
 * with the controllers a workload needs, and a {@link NodeAgent} in this JVM in place of the
 * scheduler and the kubelet. Every port is a free one; {@link #close()} stops everything and
 * removes the folder.
 */
public final class ControlPlane implements AutoCloseable {

  /**
   * The controllers kube-controller-manager runs: Deployments and ReplicaSets, garbage collection
   * of owned objects, namespace deletion, the default ServiceAccount and its tokens, the root CA
   * ConfigMap, and Endpoints for Services. The node lifecycle controller is left out: the node
   * agent is always there.
   */
  static final List<String> CONTROLLERS =
      List.of(
          "deployment-controller",
          "replicaset-controller",
          "garbage-collector-controller",
          "namespace-controller",
          "serviceaccount-controller",
          "serviceaccount-token-controller",
          "root-ca-certificate-publisher-controller",
          "endpoints-controller",
          "endpointslice-controller");

  /**
   * Every request of a service account (only workloads use them here: the controller-manager runs
   * as the admin), with its response code, and nothing else: what a controller under test was
   * allowed and refused. The bodies of the Sluice controller's creates and updates (Secrets apart)
   * are logged too, so a test can replay what it wrote.
   */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Metadata
          userGroups: ["system:serviceaccounts"]
          resources: [{group: "", resources: ["secrets"]}]
        - level: Request
          users: ["system:serviceaccount:sluice-system:sluice"]
          verbs: ["create", "update"]
        - level: Metadata
          userGroups: ["system:serviceaccounts"]
        - level: None
      """;

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Path dir;
  private final ControlPlaneBinaries binaries;
  private final List<LocalProcess> processes = new ArrayList<>();
  private Kubeconfig admin;
  private KubernetesClient client;
  private NodeAgent nodeAgent;
  private Duration startup;
  private boolean closed;

  private ControlPlane(Path dir, ControlPlaneBinaries binaries) {
    this.dir = dir;
    this.binaries = binaries;
  }

  /**
   * Starts the control plane and returns once a Pod can run: the API server ready, the controller
   * manager running its controllers, the Node Ready. On failure, everything started is stopped.
   *
   * @param neverReady Pods with a container whose image matches it never become Ready; null for
   *     none
   * @param progress told each step as it completes
   */
  public static ControlPlane start(
      ControlPlaneBinaries binaries, Pattern neverReady, Consumer<String> progress) {
    ControlPlane plane = create(binaries);
    plane.start(neverReady, progress);
    return plane;
  }

  /**
   * A control plane not started yet, with its folder: a caller that must be able to stop it while
   * it starts (a shutdown hook) holds it before {@link #start(Pattern, Consumer)}.
   */
  public static ControlPlane create(ControlPlaneBinaries binaries) {
    try {
      return new ControlPlane(Files.createTempDirectory("sluice-cluster-"), binaries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts it; see {@link #start(ControlPlaneBinaries, Pattern, Consumer)}. */
  public void start(Pattern neverReady, Consumer<String> progress) {
    try {
      startAll(neverReady, progress);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll(Pattern neverReady, Consumer<String> progress) {
    long started = System.nanoTime();
    Credentials credentials = Credentials.create(dir);

    int etcdPort = LocalProcess.freeLoopbackPort();
    int peerPort = LocalProcess.freeLoopbackPort();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    LocalProcess etcd =
        launch(
            "etcd",
            List.of(
                binaries.etcd().toString(),
                "--name=sluice",
                "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=sluice=" + peerUrl,
                "--listen-metrics-urls=",
                // a throwaway store: no fsync, much faster on a shared disk
                "--unsafe-no-fsync=true",
                "--log-level=warn"));
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await(etcd, () -> ok(plain, URI.create(etcdUrl + "/health"), null));
    progress.accept("etcd ready on " + etcdUrl + " " + since(started));

    int apiPort = LocalProcess.freeLoopbackPort();
    Credentials.writePrivate(dir.resolve("audit-policy.yaml"), AUDIT_POLICY);
    Path certDir = dir.resolve("apiserver-certs");
    LocalProcess apiServer =
        launch(
            "kube-apiserver",
            List.of(
                binaries.apiServer().toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--cert-dir=" + certDir,
                "--authorization-mode=RBAC",
                "--token-auth-file=" + credentials.tokenFile(),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + credentials.serviceAccountKey(),
                "--service-account-signing-key-file=" + credentials.serviceAccountKey(),
                "--service-cluster-ip-range=10.96.0.0/16",
                // the only endpoint would be 127.0.0.1, which an Endpoints object may not hold
                "--endpoint-reconciler-type=none",
                "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
                "--audit-log-path=" + auditLog(),
                "--audit-log-maxsize=0",
                "--profiling=false"));
    Path servingCert = certDir.resolve("apiserver.crt");
    await(apiServer, () -> Files.isRegularFile(servingCert));
    byte[] caPem = read(servingCert);
    String server = "https://127.0.0.1:" + apiPort;
    HttpClient tls =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .sslContext(trusting(caPem))
            .build();
    String token = credentials.adminToken();
    await(apiServer, () -> ok(tls, URI.create(server + "/readyz"), token));
    admin = new Kubeconfig(server, caPem, Credentials.ADMIN_USER, token);
    progress.accept("kube-apiserver ready on " + server + " " + since(started));

    Path managerKubeconfig = admin.write(dir.resolve("controller-manager.kubeconfig"));
    Path caFile = dir.resolve("ca.crt");
    Credentials.writePrivate(caFile, new String(caPem, java.nio.charset.StandardCharsets.US_ASCII));
    launch(
        "kube-controller-manager",
        List.of(
            binaries.controllerManager().toString(),
            "--kubeconfig=" + managerKubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
            "--controllers=" + String.join(",", CONTROLLERS),
            "--service-account-private-key-file=" + credentials.serviceAccountKey(),
            "--root-ca-file=" + caFile));
    client = admin.client();
    LocalProcess manager = processes.get(processes.size() - 1);
    // the service-account controller gives each namespace its default ServiceAccount
    await(
        manager,
        () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
    progress.accept("kube-controller-manager running its controllers " + since(started));

    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the control plane was stopped while it started");
      }
      nodeAgent = new NodeAgent(client, neverReady);
    }
    nodeAgent.start();
    await(
        manager,
        () -> {
          Node node = client.nodes().withName(NodeAgent.NODE_NAME).get();
          return node != null
              && node.getStatus() != null
              && node.getStatus().getConditions() != null
              && node.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    startup = Duration.ofNanos(System.nanoTime() - started);
    progress.accept(
        "node "
            + NodeAgent.NODE_NAME
            + " Ready (node agent in this JVM"
            + (neverReady == null ? "" : ", never Ready: images matching " + neverReady)
            + ") "
            + since(started));
  }

  private synchronized LocalProcess launch(String name, List<String> command) {
    if (closed) {
      throw new IllegalStateException("the control plane was stopped while it started");
    }
    LocalProcess process = LocalProcess.start(name, command, dir.resolve(name + ".log"));
    processes.add(process);
    return process;
  }

  /** The admin's kubeconfig (user {@code sluice-admin} in {@code system:masters}). */
  public Kubeconfig admin() {
    return admin;
  }

  /** A client with the admin's credentials, closed with the control plane. */
  public KubernetesClient client() {
    return client;
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  /** The control plane's private folder: logs, keys, etcd's data. */
  public Path dir() {
    return dir;
  }

  /**
   * The API server's audit log: one JSON event per line for each request made with a
   * service-account token.
   */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  /** From the first process started to the Node Ready. */
  public Duration startup() {
    return startup;
  }

  /** The processes started, in order (etcd, kube-apiserver, kube-controller-manager). */
  public List<LocalProcess> processes() {
    return List.copyOf(processes);
  }

  /** Resident memory in KiB of each process, and of this JVM (which runs the node agent). */
  public Map<String, Long> rssKib() {
    Map<String, Long> rss = new LinkedHashMap<>();
    processes.forEach(p -> rss.put(p.name(), p.rssKib()));
    rss.put("node agent (this JVM)", LocalProcess.rssKib(ProcessHandle.current().pid()));
    return rss;
  }

  /**
   * Runs the real kubectl as the admin, with a kubeconfig that names this control plane alone, and
   * returns its standard output; fails with its output when it exits non-zero.
   */
  public String kubectl(String... args) {
    Path kubeconfig = dir.resolve("admin.kubeconfig");
    if (!Files.isRegularFile(kubeconfig)) {
      admin.write(kubeconfig);
    }
    List<String> command = new ArrayList<>();
    command.add(binaries.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("KUBE"));
    try {
      Process process = builder.start();
      String out =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(
            "kubectl " + String.join(" ", args) + " failed (" + process.exitValue() + "):\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running kubectl", e);
    }
  }

  /** Fails, with the end of its log, when a process of the control plane has exited. */
  public void checkAlive() {
    processes.forEach(LocalProcess::checkAlive);
  }

  private void await(LocalProcess process, BooleanSupplier condition) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      process.checkAlive();
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            process.name()
                + " not ready after "
                + START_TIMEOUT
                + "; the end of "
                + process.log()
                + ":\n"
                + process.tail(40));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + process.name(), e);
      }
    }
  }

  private static boolean ok(HttpClient http, URI uri, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trusting(byte[] pem) {
    try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the API server's certificate", e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String since(long started) {
    return String.format("(%.1fs)", (System.nanoTime() - started) / 1e9);
  }

  /** Stops the node agent and the processes, newest first, and removes the folder. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (nodeAgent != null) {
      nodeAgent.close();
    }
    if (client != null) {
      client.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the temporary folder is gone already, or the OS cleans it
    }
  }
}

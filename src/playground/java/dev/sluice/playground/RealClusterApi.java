package dev.sluice.playground;

import dev.sluice.cluster.ControlPlane;
import dev.sluice.cluster.ControlPlaneBinaries;
import dev.sluice.cluster.Kubeconfig;
import dev.sluice.cluster.LocalProcess;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The playground's Kubernetes API with {@code --real-cluster}: a real {@link ControlPlane} (etcd,
 * kube-apiserver, kube-controller-manager, the node agent) with Sluice installed as a user installs
 * it: the Istio CRDs and {@code deploy/} (which holds {@code crds/}) applied with the real kubectl,
 * and a kubeconfig carrying the token of Sluice's ServiceAccount (TokenRequest), so the controller
 * the playground runs outside the cluster may do what {@code deploy/rbac.yaml} grants and no more.
 */
final class RealClusterApi implements AutoCloseable {
  static final String SLUICE_NAMESPACE = "sluice-system";
  static final String SLUICE_SERVICE_ACCOUNT = "sluice";

  /** Istio's published CRDs where this checkout's tests keep them, else the playground's own. */
  private static final String PUBLISHED_ISTIO_CRDS =
      "../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml";

  private final ControlPlane plane;

  private RealClusterApi(ControlPlane plane) {
    this.plane = plane;
  }

  /**
   * Builds the control plane once per machine (with progress on standard error), starts it and
   * installs Sluice's CRDs, namespace, ServiceAccount and RBAC; on failure stops what it started.
   *
   * @param registered told the control plane before it starts, so that Ctrl-C stops it
   */
  static RealClusterApi start(
      Path root, Path work, Consumer<AutoCloseable> registered, Consumer<String> progress) {
    ControlPlaneBinaries binaries = ControlPlaneBinaries.buildOrReuse(root);
    ControlPlane plane = ControlPlane.create(binaries);
    registered.accept(plane);
    plane.start(null, progress);
    RealClusterApi api = new RealClusterApi(plane);
    api.install(root, work, progress);
    return api;
  }

  private void install(Path root, Path work, Consumer<String> progress) {
    Path istio = root.resolve(PUBLISHED_ISTIO_CRDS).normalize();
    if (!Files.isRegularFile(istio)) {
      istio = work.resolve("istio-crds.yaml");
      try (InputStream in = getClass().getResourceAsStream("/playground/istio-crds.yaml")) {
        Files.write(istio, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // server-side: Istio's CRDs are larger than the last-applied annotation may be
    plane.kubectl("apply", "--server-side", "-f", istio.toString());
    plane.kubectl("apply", "-k", root.resolve("deploy").toString());
    plane.kubectl(
        "wait",
        "--for=condition=Established",
        "--timeout=60s",
        "crd/canaries.flagger.app",
        "crd/metrictemplates.flagger.app",
        "crd/alertproviders.flagger.app",
        "crd/virtualservices.networking.istio.io",
        "crd/destinationrules.networking.istio.io");
    progress.accept(
        "applied "
            + (istio.startsWith(work)
                ? "the playground's Istio CRDs"
                : "Istio's published CRDs (" + istio.getFileName() + ")")
            + " and deploy/ (crds/, namespace, ServiceAccount, RBAC) with kubectl");
  }

  /**
   * Creates {@code namespace} and returns once its default ServiceAccount exists: before, the API
   * server refuses the namespace's Pods.
   */
  void createNamespace(String namespace) {
    plane.kubectl("create", "namespace", namespace);
    plane.kubectl(
        "wait",
        "--for=jsonpath={.metadata.name}=default",
        "--timeout=60s",
        "-n",
        namespace,
        "serviceaccount/default");
  }

  /** The admin's client (for the playground's own parts: scenario, router, timeline). */
  KubernetesClient client() {
    return plane.client();
  }

  /** {@code https://127.0.0.1:<port>}. */
  String url() {
    return plane.admin().server();
  }

  /** Writes the admin's kubeconfig (mode 600), for kubectl; its namespace is {@code namespace}. */
  Path writeAdminKubeconfig(Path file, String namespace) {
    Kubeconfig admin = plane.admin();
    return write(file, admin, namespace);
  }

  /**
   * Writes a kubeconfig (mode 600) with a token of Sluice's ServiceAccount, good for {@code hours}:
   * the controller's identity, as in the cluster.
   */
  Path writeControllerKubeconfig(Path file, String namespace, long hours) {
    String token =
        plane
            .client()
            .serviceAccounts()
            .inNamespace(SLUICE_NAMESPACE)
            .withName(SLUICE_SERVICE_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(hours * 3600)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Kubeconfig own =
        new Kubeconfig(
            plane.admin().server(),
            plane.admin().caPem(),
            "system:serviceaccount:" + SLUICE_NAMESPACE + ":" + SLUICE_SERVICE_ACCOUNT,
            token);
    return write(file, own, namespace);
  }

  private static Path write(Path file, Kubeconfig kubeconfig, String namespace) {
    Path written = kubeconfig.write(file);
    try {
      // the playground's namespace as the context's, so kubectl's default is where things are
      String text =
          Files.readString(written).replace("namespace: default", "namespace: " + namespace);
      Files.writeString(written, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  /** The real kubectl the control plane was built with. */
  Path kubectl() {
    return plane.binaries().kubectl();
  }

  /** From the first process started to the Node Ready. */
  java.time.Duration startup() {
    return plane.startup();
  }

  /**
   * The control plane processes' resident memory, e.g. {@code etcd 40 MiB, ...}, and the
   * playground's own JVM's, which runs the node agent beside the router and the apps.
   */
  String memory() {
    Map<String, Long> rss = new LinkedHashMap<>();
    plane.processes().forEach(p -> rss.put(p.name(), p.rssKib()));
    rss.put(
        "playground JVM (node agent, router, apps)",
        LocalProcess.rssKib(ProcessHandle.current().pid()));
    return rss.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue() / 1024 + " MiB")
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    plane.close();
  }
}

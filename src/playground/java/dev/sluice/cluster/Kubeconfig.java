package dev.sluice.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig naming one server, its CA (embedded, so the file stands alone) and a bearer token,
 * and nothing else: a client built from it can reach no other cluster.
 */
public record Kubeconfig(String server, byte[] caPem, String user, String token) {

  /** The file's text. It holds the token: write it only where {@link #write} does. */
  public String yaml() {
    String ca = Base64.getEncoder().encodeToString(caPem);
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: sluice
            cluster:
              server: %s
              certificate-authority-data: %s
        users:
          - name: %s
            user:
              token: %s
        contexts:
          - name: sluice
            context:
              cluster: sluice
              user: %s
              namespace: default
        current-context: sluice
        """
        .formatted(server, ca, user, token, user);
  }

  /** Writes the file readable by its owner only. */
  public Path write(Path file) {
    Path absolute = file.toAbsolutePath();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Credentials.writePrivate(absolute, yaml());
    return absolute;
  }

  /** A fabric8 client on this kubeconfig alone (nothing from the environment or ~/.kube). */
  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml())).build();
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + server + ", user " + user + "]";
  }
}

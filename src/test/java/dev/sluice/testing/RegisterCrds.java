package dev.sluice.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Registers our CRDs (from {@code crds/}, as users install them), Istio's and Gateway API's
 * published ones, and the other providers' published CRDs kept as test data in {@link #TEST_DATA},
 * in the mock API server before the application starts, so that custom resources get a status
 * subresource and the mesh kinds exist; and answers TokenReviews and SubjectAccessReviews as an API
 * server with RBAC would ({@link KubeAccessFake}), for the HTTP API's authentication.
 */
public class RegisterCrds implements Consumer<KubernetesServer> {
  static final Path ISTIO =
      Path.of("../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml");
  static final Path GATEWAY_API = Path.of("../shared/schemas/gateway-api-v1.6.1-httproutes.yaml");

  /** Published CRDs of further providers (SMI, Contour, Traefik, ...), one file per project. */
  public static final Path TEST_DATA = Path.of("src/test/resources/schemas");

  @Override
  public void accept(KubernetesServer server) {
    KubernetesClient client = server.getClient();
    registerAll(client, Path.of("crds"));
    register(client, ISTIO);
    register(client, GATEWAY_API);
    registerAll(client, TEST_DATA);
    KubeAccessFake.answerReviews(server::expect);
  }

  private static void registerAll(KubernetesClient client, Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .sorted()
          .forEach(f -> register(client, f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void register(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      for (Object document : documents(client, in)) {
        if (document instanceof CustomResourceDefinition crd) {
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> documents(KubernetesClient client, InputStream in) {
    Object parsed = client.getKubernetesSerialization().unmarshal(in);
    return parsed instanceof List<?> list ? (List<Object>) list : List.of(parsed);
  }
}

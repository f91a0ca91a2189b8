package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one simulated part of the playground: an in-memory Kubernetes API (fabric8's mock server in
 * CRUD mode) on 127.0.0.1, plain HTTP, with Sluice's CRDs (from {@code crds/}) and minimal Istio
 * CRDs registered so custom resources get a status subresource, and API discovery served ({@link
 * ApiDiscovery}) so the real kubectl finds its resource types. It stores and serves objects; it
 * does no validation, defaulting or garbage collection and runs no controllers; kubectl's tables
 * are made here ({@link ServerTables}).
 */
final class InMemoryApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private InMemoryApi(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  static InMemoryApi start(Path crdDirectory) {
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher(List.of());
    DiscoveringDispatcher dispatcher = new DiscoveringDispatcher(store);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    dispatcher.serverAddress = "127.0.0.1:" + server.getPort();
    InMemoryApi api = new InMemoryApi(server);
    try (Stream<Path> files = Files.list(crdDirectory)) {
      files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(api::register);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs in " + crdDirectory, e);
    }
    try (InputStream istio = InMemoryApi.class.getResourceAsStream("/playground/istio-crds.yaml")) {
      api.register(istio);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return api;
  }

  /** {@code http://127.0.0.1:<port>}, what the controller's client is pointed at. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  KubernetesClient client() {
    return client;
  }

  /** A kubeconfig for kubectl and for the controller, pointing at this API and nothing else. */
  String kubeconfig(String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: playground
            cluster:
              server: %s
        users:
          - name: playground
            user:
              token: playground
        contexts:
          - name: playground
            context:
              cluster: playground
              user: playground
              namespace: %s
        current-context: playground
        """
        .formatted(url(), namespace);
  }

  private void register(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      register(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void register(InputStream in) {
    Object parsed = client.getKubernetesSerialization().unmarshal(in);
    List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
    for (Object document : documents) {
      if (document instanceof CustomResourceDefinition crd) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
  }

  /**
   * Answers API discovery ({@link ApiDiscovery}) from the CRDs in the store, kubectl's requests for
   * tables ({@link ServerTables}) from the store's objects, and everything else from the store: the
   * mock server alone answers discovery with lists of CRDs (kubectl then knows no resource type at
   * all) and tables with the plain objects (kubectl shows NAME and AGE only).
   */
  private static final class DiscoveringDispatcher extends Dispatcher {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private final KubernetesCrudDispatcher store;
    private volatile String serverAddress = "127.0.0.1:0";

    DiscoveringDispatcher(KubernetesCrudDispatcher store) {
      this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*", "");
      if (request.method() == HttpMethod.GET
          && (path.startsWith("/api/") || path.startsWith("/apis") || path.equals("/api"))) {
        Optional<Object> document =
            ApiDiscovery.document(path, ApiDiscovery.kinds(crds()), serverAddress);
        if (document.isPresent()) {
          return new MockResponse()
              .setResponseCode(200)
              .setHeader("Content-Type", "application/json")
              .setBody(JSON.asJson(document.get()));
        }
      }
      String query = request.getPath() == null ? "" : request.getPath().replaceFirst("^[^?]*", "");
      String accept = Objects.toString(request.getHeader("Accept"), "");
      Optional<ServerTables.Target> target = ServerTables.target(path);
      if (request.method() == HttpMethod.GET
          && accept.contains("as=Table")
          && !query.contains("watch=")
          && target.isPresent()) {
        MockResponse plain = store.dispatch(request);
        if (plain.code() != 200 || plain.getBody() == null) {
          return plain;
        }
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setBody(
                ServerTables.table(
                    target.get(),
                    new String(plain.getBody().getBytes(), StandardCharsets.UTF_8),
                    crds(),
                    query.contains("includeObject=Object"),
                    Instant.now()));
      }
      return store.dispatch(request);
    }

    private List<CustomResourceDefinition> crds() {
      MockResponse list = store.handleGet(CRDS);
      if (list.code() != 200) {
        return List.of();
      }
      CustomResourceDefinitionList crds =
          JSON.unmarshal(
              new String(list.getBody().getBytes(), StandardCharsets.UTF_8),
              CustomResourceDefinitionList.class);
      return crds.getItems() == null ? List.of() : crds.getItems();
    }

    @Override
    public void shutdown() {
      store.shutdown();
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

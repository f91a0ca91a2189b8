package dev.sluice.kube;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.config.SluiceConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;

/**
 * Heap the informer cache retains in a cluster full of objects that have nothing to do with
 * canaries: N ConfigMaps and N Secrets of about 1 KiB each, spread over 20 namespaces without a
 * Canary, next to one namespace with one Canary and its target. It starts {@link ClusterCache}
 * against a mock API server holding all of them, reads the target (as the first tick does) and
 * reports the heap used after full GCs before and after, and how many objects the informers hold.
 *
 * <p>Run with {@code -XX:+UseSerialGC} and a fixed heap (the {@code bench} profile does); argument:
 * N (default 10000, so 20,000 unrelated objects).
 */
public final class CacheFootprint {

  private CacheFootprint() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Unrelated(n), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    try (KubernetesClient client = server.createClient()) {
      seed(client);
      // loads the classes and fills Jackson's and fabric8's caches before the baseline
      measure(client);
      long before = usedAfterGc();
      ClusterCache cache = measure(client);
      long after = usedAfterGc();
      long held =
          cache.informers().stream().mapToLong(i -> i.informer().getStore().list().size()).sum();
      System.out.printf(
          Locale.ROOT,
          "%n== Informer cache with %,d unrelated ConfigMaps and Secrets in 20 namespaces"
              + " without canaries ==%n"
              + "retained heap: %.1f MiB; objects held by %d informers: %,d%n",
          2 * n,
          (after - before) / 1024.0 / 1024.0,
          cache.informers().size(),
          held);
      cache.stop();
    } finally {
      server.destroy();
    }
    // the mock server's and the client's threads would keep the JVM alive
    System.exit(0);
  }

  private static ClusterCache measure(KubernetesClient client) {
    ClusterCache cache = new ClusterCache();
    cache.client = client;
    cache.config = config();
    cache.start(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Canary canary) {}

          @Override
          public void onUpdate(Canary before, Canary canary) {}

          @Override
          public void onDelete(Canary canary, boolean finalStateUnknown) {}
        });
    cache.deployment("shop", "podinfo").orElseThrow();
    return cache;
  }

  private static void seed(KubernetesClient client) throws Exception {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("podinfo")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "podinfo")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "podinfo")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("podinfo")
                .withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    try (InputStream yaml =
        CacheFootprint.class.getResourceAsStream("/canaries/podinfo-istio.yaml")) {
      Canary canary = Serialization.unmarshal(yaml, Canary.class);
      canary.getMetadata().setNamespace("shop");
      client.resource(canary).create();
    }
  }

  /**
   * The mock API server's CRUD store, plus N ConfigMaps and N Secrets in namespaces without
   * canaries, answered to every list of ConfigMaps or Secrets in all namespaces or in one of theirs
   * (the CRUD store itself takes minutes to create 20,000 objects one by one).
   */
  private static final class Unrelated extends Dispatcher {
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final Map<String, List<HasMetadata>> byNamespace = new HashMap<>();
    private final List<HasMetadata> configMaps = new ArrayList<>();
    private final List<HasMetadata> secrets = new ArrayList<>();

    Unrelated(int n) {
      String kib = "x".repeat(1024);
      for (int i = 0; i < n; i++) {
        String ns = "unrelated-" + (i % 20);
        ObjectMeta meta =
            new ObjectMetaBuilder()
                .withNamespace(ns)
                .withResourceVersion("1")
                .withUid(UUID.randomUUID().toString())
                .build();
        configMaps.add(
            new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder(meta).withName("config-" + i).build())
                .addToData("settings", kib)
                .build());
        secrets.add(
            new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder(meta).withName("secret-" + i).build())
                .withType("Opaque")
                .addToData("token", Base64.getEncoder().encodeToString(kib.getBytes()))
                .build());
      }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      boolean list = "GET".equals(request.getMethod()) && !path.contains("watch=true");
      if (list
          && (path.startsWith("/api/v1/configmaps")
              || path.matches("/api/v1/namespaces/unrelated-\\d+/configmaps.*"))) {
        return answer(path, configMaps);
      }
      if (list
          && (path.startsWith("/api/v1/secrets")
              || path.matches("/api/v1/namespaces/unrelated-\\d+/secrets.*"))) {
        return answer(path, secrets);
      }
      return crud.dispatch(request);
    }

    private static MockResponse answer(String path, List<HasMetadata> all) {
      String namespace = path.startsWith("/api/v1/namespaces/") ? path.split("/")[4] : null;
      List<HasMetadata> items =
          all.stream()
              .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace()))
              .toList();
      KubernetesList list =
          new KubernetesListBuilder()
              .withItems(items)
              .withNewMetadata()
              .withResourceVersion("1")
              .endMetadata()
              .build();
      return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(list));
    }
  }

  private static SluiceConfig config() {
    return (SluiceConfig)
        Proxy.newProxyInstance(
            SluiceConfig.class.getClassLoader(),
            new Class<?>[] {SluiceConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("namespace")) {
                return Optional.empty();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    // Serial GC: System.gc() is a full collection that returns when done; the minimum of a few
    // readings drops what a reference queue still held
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

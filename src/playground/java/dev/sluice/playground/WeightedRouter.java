package dev.sluice.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.router.istio.IstioRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * The playground's mesh: an HTTP server on 127.0.0.1 that sends each request to a destination of
 * one Istio VirtualService, picked by the weights Sluice writes there, and reports Istio's standard
 * metrics for it as the destination's sidecar would (see {@link IstioMetrics}), on {@link
 * #metricsUri()}.
 *
 * <p>Destinations resolve as in the cluster: host → Service (up to the first dot) → the Deployment
 * its selector matches → that Deployment's {@link SampleApp}. A request whose picked destination
 * has no serving app is answered 503 ("no healthy upstream", as Envoy does) and, like a request
 * that never reached a pod, is not in the destination metrics. The VirtualService and Services are
 * read from informers, never per request.
 */
public final class WeightedRouter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WeightedRouter.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** The route in force, and the requests it has sent each way so far. */
  private record Routing(MeshRoute route, LongAdder primary, LongAdder canary) {
    Routing(MeshRoute route) {
      this(route, new LongAdder(), new LongAdder());
    }

    SplitSample sample() {
      return new SplitSample(route.canaryWeight(), primary.sum(), canary.sum());
    }
  }

  private final String namespace;
  private final String virtualService;
  private final Upstreams workloads;
  private final IstioMetrics metrics = new IstioMetrics();
  private final List<Routing> history = new CopyOnWriteArrayList<>();
  private final HttpClient upstream;
  private final ExecutorService handlers;
  private final HttpServer server;
  private final HttpServer metricsServer;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<GenericKubernetesResource> virtualServices;
  private volatile Routing current;

  private WeightedRouter(
      KubernetesClient client, String namespace, String virtualService, Upstreams workloads)
      throws IOException {
    this.namespace = namespace;
    this.virtualService = virtualService;
    this.workloads = workloads;
    this.handlers = Executors.newFixedThreadPool(4, PlaygroundThreads.named("router"));
    this.upstream =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .executor(handlers)
            .build();
    this.services = client.services().inNamespace(namespace).inform();
    this.virtualServices =
        client
            .genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
            .inNamespace(namespace)
            .inform();
    virtualServices.addEventHandler(new RouteFollower());
    this.server = LoopbackServers.create(1024);
    server.setExecutor(handlers);
    server.createContext("/", this::route);
    server.start();
    this.metricsServer = LoopbackServers.create(64);
    metricsServer.setExecutor(handlers);
    metricsServer.createContext("/metrics", this::serveMetrics);
    metricsServer.start();
  }

  /**
   * Starts routing by VirtualService {@code virtualService} of {@code namespace}, on a free port of
   * 127.0.0.1; returns once the informers hold the namespace's Services and VirtualServices.
   */
  public static WeightedRouter start(
      KubernetesClient client, String namespace, String virtualService, Upstreams workloads) {
    try {
      return new WeightedRouter(client, namespace, virtualService, workloads);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the router of " + namespace + "/" + virtualService, e);
    }
  }

  /** Where to send requests: every path is routed. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Where Prometheus scrapes the destination metrics. */
  public URI metricsUri() {
    return URI.create("http://127.0.0.1:" + metricsServer.getAddress().getPort() + "/metrics");
  }

  /**
   * One sample per weight setting, oldest first: a new one starts whenever the VirtualService's
   * weights change, so each counts only requests routed by its {@code canaryWeight}.
   */
  public List<SplitSample> splits() {
    return history.stream().map(Routing::sample).toList();
  }

  private void route(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Routing routing = current;
    if (routing == null) {
      respond(
          exchange,
          503,
          "no route: VirtualService %s/%s has no weighted HTTP route"
              .formatted(namespace, virtualService),
          null);
      return;
    }
    MeshRoute.Destination destination =
        routing.route().pick(ThreadLocalRandom.current().nextDouble());
    (destination.canary() ? routing.canary() : routing.primary()).increment();
    Optional<String> deployment =
        Optional.ofNullable(services.getStore().getByKey(namespace + "/" + destination.service()))
            .flatMap(workloads::deploymentFor);
    Optional<SampleApp> app = deployment.flatMap(workloads::app);
    if (app.isEmpty()) {
      respond(exchange, 503, "no healthy upstream", null);
      return;
    }
    forward(exchange, body, deployment.get(), app.get());
  }

  private void forward(HttpExchange exchange, byte[] body, String deployment, SampleApp app) {
    URI requested = exchange.getRequestURI();
    URI target = app.uri().resolve(requested.getRawPath() + query(requested));
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(REQUEST_TIMEOUT)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    long started = System.nanoTime();
    upstream
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                respond(exchange, 503, "upstream connect error or disconnect/reset", null);
                return;
              }
              double millis = (System.nanoTime() - started) / 1e6;
              metrics.record(deployment, namespace, response.statusCode(), millis);
              respond(
                  exchange,
                  response.statusCode(),
                  new String(response.body(), StandardCharsets.UTF_8),
                  response.headers().firstValue("X-Version").orElse(null));
            });
  }

  private static String query(URI uri) {
    return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
  }

  private void respond(HttpExchange exchange, int status, String body, String version) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      if (version != null) {
        exchange.getResponseHeaders().set("X-Version", version);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  private void serveMetrics(HttpExchange exchange) throws IOException {
    byte[] bytes = metrics.exposition().getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", IstioMetrics.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** Keeps {@link #current} on the VirtualService's route; a changed route starts a new sample. */
  private final class RouteFollower implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource resource) {
      follow(resource);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      follow(after);
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean unknownFinalState) {
      if (virtualService.equals(resource.getMetadata().getName())) {
        current = null;
        LOG.infof("%s/%s: the VirtualService is gone; answering 503", namespace, virtualService);
      }
    }

    private void follow(GenericKubernetesResource resource) {
      if (!virtualService.equals(resource.getMetadata().getName())) {
        return;
      }
      Optional<MeshRoute> route = MeshRoute.of(resource);
      Routing previous = current;
      if (route.isEmpty()) {
        current = null;
      } else if (previous == null || !previous.route().equals(route.get())) {
        Routing next = new Routing(route.get());
        history.add(next);
        current = next;
        LOG.infof("%s/%s: routing %s", namespace, virtualService, route.get().destinations());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    metricsServer.stop(0);
    virtualServices.close();
    services.close();
    handlers.shutdownNow();
  }
}

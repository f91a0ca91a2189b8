package dev.sluice.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One "pod set" of the playground's demo web app: an HTTP server on 127.0.0.1 that answers every
 * path with its version, after {@code addedLatency}, failing with 500 at {@code errorRate}.
 *
 * <p>Latency is served by delaying the response on a scheduler rather than by sleeping a thread, so
 * hundreds of slow requests in flight cost no threads.
 */
public final class SampleApp implements AutoCloseable {

  private final String version;
  private final double errorRate;
  private final Duration addedLatency;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService delays;

  private SampleApp(String version, double errorRate, Duration addedLatency) throws IOException {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be 0..1, got " + errorRate);
    }
    this.version = version;
    this.errorRate = errorRate;
    this.addedLatency = addedLatency.isNegative() ? Duration.ZERO : addedLatency;
    this.server = LoopbackServers.create(1024);
    this.handlers = Executors.newFixedThreadPool(4, PlaygroundThreads.named("app-" + version));
    this.delays =
        Executors.newSingleThreadScheduledExecutor(PlaygroundThreads.named("app-delay-" + version));
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts the app on a free port of 127.0.0.1.
   *
   * @param version answered in the body and the {@code X-Version} header
   * @param errorRate probability (0..1) that a request is answered with 500
   * @param addedLatency how long every request waits before it is answered
   */
  public static SampleApp start(String version, double errorRate, Duration addedLatency) {
    try {
      return new SampleApp(version, errorRate, addedLatency);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sample app " + version, e);
    }
  }

  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://127.0.0.1:" + address.getPort() + "/");
  }

  public String version() {
    return version;
  }

  public double errorRate() {
    return errorRate;
  }

  public Duration addedLatency() {
    return addedLatency;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
    }
    int status = ThreadLocalRandom.current().nextDouble() < errorRate ? 500 : 200;
    if (addedLatency.isZero()) {
      respond(exchange, status);
    } else {
      delays.schedule(
          () -> respond(exchange, status), addedLatency.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void respond(HttpExchange exchange, int status) {
    byte[] body = version.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("X-Version", version);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    delays.shutdownNow();
    handlers.shutdownNow();
  }

  @Override
  public String toString() {
    return "SampleApp[" + version + " at " + uri() + "]";
  }
}

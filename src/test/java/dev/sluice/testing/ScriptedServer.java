package dev.sluice.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server that answers from a script and records what it received: for the cases a
 * real server will not produce on demand (HTTP 500, a 503 then a 200, a response that never comes).
 * Once the script runs out, the last answer repeats.
 */
public final class ScriptedServer implements AutoCloseable {
  /** One scripted answer; {@code held} answers only once {@link #release()} is called. */
  public record Answer(int status, String body, boolean held) {}

  /** One received request: path with decoded query, and headers. */
  public record Received(URI uri, Headers headers) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer last = new Answer(404, "", false);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  private ScriptedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          received.add(new Received(exchange.getRequestURI(), exchange.getRequestHeaders()));
          Answer answer = next();
          if (answer.held()) {
            awaitRelease();
          }
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (IOException e) {
            // the client gave up (timeout): nothing to answer to
          }
        });
    server.start();
  }

  /** Starts on 127.0.0.1 at a free port, answering the given script in order. */
  public static ScriptedServer answering(Answer... answers) {
    ScriptedServer server = new ScriptedServer();
    server.script.addAll(List.of(answers));
    return server;
  }

  public static Answer json(int status, String body) {
    return new Answer(status, body, false);
  }

  /** An answer held back until {@link #release()}: slower than any client timeout. */
  public static Answer held(int status, String body) {
    return new Answer(status, body, true);
  }

  /** A successful instant query answering one sample of {@code value}. */
  public static Answer sample(double value) {
    return json(
        200,
        """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000.0,"%s"]}]}}
        """
            .formatted(value));
  }

  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Lets held answers go. */
  public void release() {
    release.countDown();
  }

  private synchronized Answer next() {
    Answer answer = script.poll();
    if (answer != null) {
      last = answer;
    }
    return last;
  }

  private void awaitRelease() {
    try {
      release.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  /** Query parameters of a received request, decoded. */
  public static Map<String, String> query(Received request) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = request.uri().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}

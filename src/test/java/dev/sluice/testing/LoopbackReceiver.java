package dev.sluice.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The one loopback HTTP server tests talk to in place of a webhook receiver, a chat service or a
 * Prometheus that misbehaves on demand: it records every request and answers from a script (HTTP
 * 500, a 503 then a 200, an answer that never comes). Once the script runs out, the last answer
 * repeats. A held answer goes out only at {@link #release()} or {@link #close()}: without either,
 * slower than any client timeout. In the slow-answer mode ({@link #holding}) the requests a test
 * names are held and every other one answered at once, and the held ones are counted while they
 * wait ({@link #heldNow()}, {@link #maxHeld()}).
 */
public final class LoopbackReceiver implements AutoCloseable {
  /** One scripted answer; {@code held} answers only once {@link #release()} is called. */
  public record Answer(int status, String body, boolean held) {}

  /** One received request. */
  public record Received(String method, URI uri, Headers headers, String body) {
    /** The raw path, without the query. */
    public String path() {
      return uri.getRawPath();
    }

    /** The raw query, or null. */
    public String query() {
      return uri.getRawQuery();
    }

    /** The query parameters, decoded. */
    public Map<String, String> params() {
      Map<String, String> params = new LinkedHashMap<>();
      if (query() != null) {
        for (String pair : query().split("&")) {
          int eq = pair.indexOf('=');
          params.put(
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return params;
    }

    public String header(String name) {
      return headers.getFirst(name);
    }

    public String contentType() {
      return header("Content-Type");
    }

    public String authorization() {
      return header("Authorization");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger maxHeld = new AtomicInteger();
  private final Predicate<Received> slow;
  private volatile Answer last = answer(200, "");

  private LoopbackReceiver(Predicate<Received> slow, Answer... answers) {
    this.slow = slow;
    script.addAll(List.of(answers));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on 127.0.0.1 at a free port, answering the given script in order. */
  public static LoopbackReceiver answering(Answer... answers) {
    return new LoopbackReceiver(r -> false, answers);
  }

  /**
   * The slow-answer mode: starts on 127.0.0.1 at a free port, holding each request {@code slow}
   * matches until {@link #release()} and answering every other one at once, all with {@code
   * answer}.
   */
  public static LoopbackReceiver holding(Predicate<Received> slow, Answer answer) {
    return new LoopbackReceiver(slow, answer);
  }

  /** Whether a request asks the Prometheus instant query {@code query}. */
  public static Predicate<Received> query(Predicate<String> query) {
    return r -> query.test(r.params().getOrDefault("query", ""));
  }

  public static Answer answer(int status, String body) {
    return new Answer(status, body, false);
  }

  /** An answer held back until {@link #release()}. */
  public static Answer held(int status, String body) {
    return new Answer(status, body, true);
  }

  /** A 200 held back until {@link #release()}: too late for any client that timed out. */
  public static Answer held() {
    return held(200, "too late");
  }

  /** A successful Prometheus instant query answering one sample of {@code value}. */
  public static Answer sample(double value) {
    return answer(
        200,
        """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000.0,"%s"]}]}}
        """
            .formatted(value));
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String address() {
    return "http://127.0.0.1:" + port();
  }

  /** The address followed by {@code path}. */
  public String url(String path) {
    return address() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests {@code which} matches received so far. */
  public long received(Predicate<Received> which) {
    return received.stream().filter(which).count();
  }

  /** How many requests are held now. */
  public int heldNow() {
    return held.get();
  }

  /** The most requests held at once so far. */
  public int maxHeld() {
    return maxHeld.get();
  }

  /** Lets held answers (and every later one) go out before {@link #close()}. */
  public void release() {
    release.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received request =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            exchange.getRequestHeaders(),
            body);
    received.add(request);
    Answer answer = next();
    if (answer.held() || slow.test(request)) {
      maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
      try {
        awaitRelease();
      } finally {
        held.decrementAndGet();
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer to
    }
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
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.sluice.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers from a script; the last
 * answer repeats once the script runs out. A held answer comes only at {@link #release()} or {@link
 * #close()}: without either, slower than any client timeout.
 */
public final class WebhookReceiver implements AutoCloseable {
  public record Answer(int status, String body, boolean held) {}

  public record Received(
      String method,
      String path,
      String query,
      String contentType,
      String authorization,
      String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile Answer last = new Answer(200, "", false);

  private WebhookReceiver(Answer... answers) {
    script.addAll(List.of(answers));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  exchange.getRequestURI().getRawQuery(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Answer answer = next();
          if (answer.held()) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          } catch (IOException e) {
            // the client gave up (timeout)
          }
        });
    server.start();
  }

  public static WebhookReceiver answering(Answer... answers) {
    return new WebhookReceiver(answers);
  }

  public static Answer answer(int status, String body) {
    return new Answer(status, body, false);
  }

  public static Answer held() {
    return new Answer(200, "too late", true);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Lets held answers (and every later one) go out before {@link #close()}. */
  public void release() {
    release.countDown();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private synchronized Answer next() {
    Answer answer = script.poll();
    if (answer != null) {
      last = answer;
    }
    return last;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}

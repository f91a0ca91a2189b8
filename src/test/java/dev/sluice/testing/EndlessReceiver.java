package dev.sluice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server on 127.0.0.1 whose answer never ends: it sends a 200 with a chunked
 * body and then {@link Mode#STREAM streams} as fast as the client reads, {@link Mode#STALL stalls}
 * after the headers, or {@link Mode#TRICKLE trickles} one byte a second (which an idle timeout
 * never notices). It counts the body bytes it wrote and notices when the client closes the
 * connection.
 *
 * <p>Bounded so that a test against a client that never gives up still ends: each connection writes
 * at most {@link #MAX_BYTES} and lives at most {@link #MAX_LIFE}, and {@link #close()} closes
 * everything.
 */
public final class EndlessReceiver implements AutoCloseable {
  /** What the body does after the headers. */
  public enum Mode {
    STREAM,
    STALL,
    TRICKLE
  }

  /** Body bytes one connection writes at most, far beyond any cap under test. */
  public static final long MAX_BYTES = 512L * 1024 * 1024;

  /** How long one connection lives at most, far beyond any deadline under test. */
  public static final Duration MAX_LIFE = Duration.ofSeconds(40);

  private static final byte[] CHUNK = chunk(64 * 1024);
  private static final byte[] ONE_BYTE = "1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Mode mode;
  private final String contentType;
  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch firstClose = new CountDownLatch(1);
  private volatile boolean stopped;

  private EndlessReceiver(Mode mode, String contentType) {
    this.mode = mode;
    this.contentType = contentType;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor.execute(this::acceptLoop);
  }

  /** Streams an endless body as fast as the client reads. */
  public static EndlessReceiver streaming(String contentType) {
    return new EndlessReceiver(Mode.STREAM, contentType);
  }

  /** Sends the headers and then nothing, ever. */
  public static EndlessReceiver stalling(String contentType) {
    return new EndlessReceiver(Mode.STALL, contentType);
  }

  /** Sends the headers and then one byte a second, ever. */
  public static EndlessReceiver trickling(String contentType) {
    return new EndlessReceiver(Mode.TRICKLE, contentType);
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  /** Body bytes written to all connections, before each was closed. */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** Connections accepted. */
  public int accepted() {
    return accepted.get();
  }

  /** Connections the client closed (or reset) while the body was still going. */
  public int closedByClient() {
    return closedByClient.get();
  }

  /** Waits up to {@code timeout} for the client to close a connection; true when it did. */
  public boolean awaitClose(Duration timeout) throws InterruptedException {
    return firstClose.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stopped = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }

  private void acceptLoop() {
    while (!stopped) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      executor.execute(() -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    CountDownLatch closed = new CountDownLatch(1);
    long until = System.nanoTime() + MAX_LIFE.toNanos();
    open.add(socket);
    try (socket) {
      InputStream in = socket.getInputStream();
      readRequest(in);
      executor.execute(() -> watchForClose(in, closed));
      OutputStream out = socket.getOutputStream();
      out.write(headers().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long sent = 0;
      while (!stopped && closed.getCount() > 0 && System.nanoTime() < until) {
        if (mode == Mode.STREAM && sent < MAX_BYTES) {
          out.write(CHUNK);
          sent += CHUNK.length;
          bytesSent.addAndGet(CHUNK.length);
        } else if (mode == Mode.TRICKLE) {
          out.write(ONE_BYTE);
          out.flush();
          bytesSent.incrementAndGet();
          closed.await(1, TimeUnit.SECONDS);
        } else {
          closed.await(100, TimeUnit.MILLISECONDS);
        }
      }
    } catch (IOException e) {
      // the client closed or reset the connection while we wrote
      closed.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    open.remove(socket);
    if (closed.getCount() == 0 && !stopped) {
      closedByClient.incrementAndGet();
      firstClose.countDown();
    }
  }

  private String headers() {
    return "HTTP/1.1 200 OK\r\n"
        + "Content-Type: "
        + contentType
        + "\r\n"
        + "Transfer-Encoding: chunked\r\n"
        + "\r\n";
  }

  /** Reads the request line, headers and a Content-Length body, so the client sees them taken. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
      if (head.length() > 64 * 1024) {
        throw new IOException("request head too long");
      }
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes((int) Math.min(length, 16 * 1024 * 1024));
  }

  /** After the request, a read ends only when the client closes or resets the connection. */
  private static void watchForClose(InputStream in, CountDownLatch closed) {
    try {
      while (in.read() >= 0) {
        // a client that pipelines more bytes is not closing
      }
    } catch (IOException e) {
      // a reset is a close too
    }
    closed.countDown();
  }

  private static byte[] chunk(int size) {
    byte[] head = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[head.length + size + 2];
    System.arraycopy(head, 0, chunk, 0, head.length);
    Arrays.fill(chunk, head.length, head.length + size, (byte) 'x');
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    return chunk;
  }
}

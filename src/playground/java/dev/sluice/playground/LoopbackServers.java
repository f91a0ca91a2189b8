package dev.sluice.playground;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** JDK HTTP servers on a free port of 127.0.0.1, never on another interface. */
final class LoopbackServers {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs hold every keep-alive response back ~40 ms, which would cap a hop at
    // ~25 requests per second per connection. Read once, when the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private LoopbackServers() {}

  /** A started-later server bound to 127.0.0.1 on a free port. */
  static HttpServer create(int backlog) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
  }
}

package dev.sluice.playground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real Sluice controller, the packaged application ({@code target/quarkus-app}), in a JVM of
 * its own that talks to the playground's API (in-memory, or the real control plane with its
 * ServiceAccount's token) through a kubeconfig that names nothing else, so it can never reach
 * another cluster. Its log goes to a file.
 */
final class ControllerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int httpPort;

  private ControllerProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * The token the playground's controller requires on its HTTP API: the in-memory API cannot review
   * Kubernetes tokens, so the playground uses the development-only static token.
   */
  static final String API_TOKEN = "playground";

  static ControllerProcess start(
      Path jar, Path kubeconfig, String namespace, String prometheus, Path workDir, int port) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with ./mvnw -B package -DskipTests (bin/sluice does)");
    }
    Path log = workDir.resolve("controller.log");
    ProcessBuilder builder =
        new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar.toString(), "controller")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // nothing from this shell may point the controller at a real cluster
    env.keySet()
        .removeIf(k -> k.startsWith("QUARKUS_KUBERNETES_CLIENT_") || k.startsWith("KUBERNETES_"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("SLUICE_NAMESPACE", namespace);
    env.put("SLUICE_METRICS_SERVER", prometheus);
    env.put("SLUICE_MIN_INTERVAL", "1s");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    // health and metrics: on loopback too, and on a free port rather than 9000
    env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ChildProcesses.freeLoopbackPort()));
    env.put("SLUICE_API_AUTH", "static-token");
    env.put("SLUICE_API_TOKEN", API_TOKEN);
    try {
      return new ControllerProcess(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the controller", e);
    }
  }

  Path log() {
    return log;
  }

  int httpPort() {
    return httpPort;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    ChildProcesses.stop(process);
  }
}

package dev.sluice.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where etcd, kube-apiserver, kube-controller-manager and kubectl are: the folder {@code
 * controlplane/build} prints, which builds them from Kubernetes' Go modules once per machine (with
 * its progress on this process's standard error) and reuses them afterwards.
 */
public record ControlPlaneBinaries(Path bin) {

  public Path etcd() {
    return bin.resolve("etcd");
  }

  public Path apiServer() {
    return bin.resolve("kube-apiserver");
  }

  public Path controllerManager() {
    return bin.resolve("kube-controller-manager");
  }

  public Path kubectl() {
    return bin.resolve("kubectl");
  }

  /**
   * Runs {@code controlplane/build} of the source checkout at {@code root}: immediate when the
   * binaries are in the cache, a long build on a new machine.
   */
  public static ControlPlaneBinaries buildOrReuse(Path root) {
    Path script = root.resolve("controlplane/build");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(
          script + " is missing: the control plane is built from a Sluice source checkout");
    }
    try {
      Process build =
          new ProcessBuilder(script.toString())
              .directory(root.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = build.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            script
                + " failed with exit "
                + exit
                + " (its output is above); it needs Go and the"
                + " Go module proxy");
      }
      String[] lines = out.strip().split("\n");
      return new ControlPlaneBinaries(Path.of(lines[lines.length - 1].strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the control plane", e);
    }
  }

  /**
   * The source checkout: the system property {@code sluice.root} when set (bin/sluice sets it),
   * else the working directory or the nearest parent that has {@code controlplane/build}.
   */
  public static Path sourceRoot() {
    String property = System.getProperty("sluice.root");
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("controlplane/build"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no controlplane/build in "
            + Path.of("").toAbsolutePath()
            + " or above; set -Dsluice.root");
  }
}

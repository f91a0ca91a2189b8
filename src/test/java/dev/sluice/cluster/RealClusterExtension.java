package dev.sluice.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts (once per run and {@link RealCluster#neverReady()}) a {@link ControlPlane} and installs
 * Sluice on it; both are closed when the run ends. The binaries are built when missing, with the
 * build's progress on standard error: nothing is skipped.
 */
final class RealClusterExtension
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

  /** The shared control plane and controller, closed by JUnit at the end of the run. */
  private record Shared(ControlPlane plane, SluiceInstall sluice) implements AutoCloseable {
    @Override
    public void close() {
      System.out.println(
          "real cluster: ClusterRole rules no scenario used: " + sluice.unusedRules());
      System.out.println("real cluster: memory (RSS) at the end: " + ClusterCommand.memory(plane));
      sluice.close();
      plane.close();
    }
  }

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(RealClusterExtension.class);

  private static Shared shared(ExtensionContext context) {
    String neverReady =
        context.getRequiredTestClass().getAnnotation(RealCluster.class).neverReady();
    return context
        .getRoot()
        .getStore(STORE)
        .computeIfAbsent("cluster:" + neverReady, key -> start(neverReady), Shared.class);
  }

  private static Shared start(String neverReady) {
    Path root = ControlPlaneBinaries.sourceRoot();
    ControlPlaneBinaries binaries = ControlPlaneBinaries.buildOrReuse(root);
    ControlPlane plane = ControlPlane.create(binaries);
    // a fork ended early (a timeout, Ctrl-C) still stops the processes
    Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "real-cluster-stop"));
    plane.start(
        neverReady.isEmpty() ? null : Pattern.compile(neverReady),
        line -> System.out.println("real cluster: " + line));
    System.out.println("real cluster: memory (RSS) after start: " + ClusterCommand.memory(plane));
    long started = System.nanoTime();
    SluiceInstall sluice;
    try {
      sluice = SluiceInstall.install(plane, root);
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
    System.out.printf(
        "real cluster: Sluice installed, controller ready in %.1fs (log %s)%n",
        (System.nanoTime() - started) / 1e9, sluice.controllerLog());
    return new Shared(plane, sluice);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class || type == SluiceInstall.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared = shared(context);
    return parameter.getParameter().getType() == ControlPlane.class
        ? shared.plane()
        : shared.sluice();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Shared shared = shared(context);
    shared.plane().checkAlive();
    context.getStore(STORE).put("forbidden-before", shared.sluice().forbidden().size());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Shared shared = shared(context);
    int before = context.getStore(STORE).get("forbidden-before", Integer.class);
    List<SluiceInstall.Request> forbidden = shared.sluice().forbidden();
    if (forbidden.size() > before) {
      throw new AssertionError(
          "RBAC refused the controller (a rule is missing in deploy/rbac.yaml): "
              + forbidden.subList(before, forbidden.size()));
    }
  }
}

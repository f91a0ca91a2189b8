package dev.sluice.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code bin/sluice cluster up --kubeconfig FILE [--never-ready REGEX] [--no-crds]}: starts a
 * {@link ControlPlane} for a person, writes the admin kubeconfig to FILE, applies Sluice's CRDs,
 * and stays in the foreground until Ctrl-C or SIGTERM, which stop everything and remove FILE.
 */
public final class ClusterCommand {
  private static final String USAGE =
      """
      usage: bin/sluice cluster up --kubeconfig FILE [--never-ready REGEX] [--no-crds]

      Starts etcd, kube-apiserver, kube-controller-manager (built from Kubernetes' Go modules
      once per machine) and a node agent on 127.0.0.1, writes an admin kubeconfig to FILE,
      applies crds/, and runs until Ctrl-C or SIGTERM, which stop everything and remove FILE.

        --kubeconfig FILE     where to write the admin kubeconfig (mode 600)
        --never-ready REGEX   Pods with a container whose image matches REGEX run but never
                              become Ready (a stuck rollout)
        --no-crds             do not apply Sluice's CRDs (crds/)
      """;

  private final PrintStream out;

  ClusterCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new ClusterCommand(System.out).run(args));
  }

  int run(String... args) {
    if (args.length == 0 || !"up".equals(args[0])) {
      (args.length == 0 || isHelp(args[0]) ? out : System.err).print(USAGE);
      return args.length > 0 && isHelp(args[0]) ? 0 : 2;
    }
    Path kubeconfig = null;
    Pattern neverReady = null;
    boolean crds = true;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      try {
        switch (arg) {
          case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
          case "--never-ready" -> neverReady = Pattern.compile(args[++i]);
          case "--no-crds" -> crds = false;
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          default -> {
            System.err.print("sluice cluster: unknown flag " + arg + "\n" + USAGE);
            return 2;
          }
        }
      } catch (ArrayIndexOutOfBoundsException e) {
        System.err.print("sluice cluster: " + arg + " needs a value\n" + USAGE);
        return 2;
      } catch (PatternSyntaxException e) {
        System.err.println("sluice cluster: --never-ready: " + e.getMessage());
        return 2;
      }
    }
    if (kubeconfig == null) {
      System.err.print("sluice cluster: --kubeconfig FILE is required\n" + USAGE);
      return 2;
    }
    return up(kubeconfig.toAbsolutePath(), neverReady, crds);
  }

  private int up(Path kubeconfig, Pattern neverReady, boolean crds) {
    Path root = ControlPlaneBinaries.sourceRoot();
    ControlPlaneBinaries binaries = ControlPlaneBinaries.buildOrReuse(root);
    out.println("sluice cluster: starting on 127.0.0.1 (binaries in " + binaries.bin() + ")");
    ControlPlane plane = ControlPlane.create(binaries);
    // registered before anything starts, so Ctrl-C during the start leaves nothing running
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("sluice cluster: stopping");
                  plane.close();
                  try {
                    Files.deleteIfExists(kubeconfig);
                  } catch (java.io.IOException e) {
                    System.err.println("sluice cluster: cannot remove " + kubeconfig);
                  }
                  out.println(
                      "sluice cluster: stopped; removed " + plane.dir() + " and " + kubeconfig);
                },
                "cluster-stop"));
    plane.start(neverReady, line -> out.println("  " + line));
    plane.admin().write(kubeconfig);
    if (crds) {
      out.print(
          indent(plane.kubectl("apply", "--server-side", "-k", root.resolve("crds").toString())));
    }
    out.printf("sluice cluster: up in %.1fs%n", plane.startup().toMillis() / 1000.0);
    plane
        .processes()
        .forEach(p -> out.printf("  %-24s pid %-8d log %s%n", p.name(), p.pid(), p.log()));
    out.println("  memory (RSS): " + memory(plane));
    out.println();
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  " + binaries.kubectl() + " get canaries -A");
    out.println();
    out.println("sluice cluster: running; Ctrl-C stops it and removes everything");
    while (true) {
      try {
        Thread.sleep(5_000);
        plane.checkAlive();
      } catch (InterruptedException e) {
        return 0;
      } catch (IllegalStateException e) {
        System.err.println("sluice cluster: " + e.getMessage());
        return 1;
      }
    }
  }

  static String memory(ControlPlane plane) {
    StringBuilder text = new StringBuilder();
    plane
        .rssKib()
        .forEach(
            (name, kib) ->
                text.append(text.length() == 0 ? "" : ", ")
                    .append(name)
                    .append(' ')
                    .append(kib / 1024)
                    .append(" MiB"));
    return text.toString();
  }

  private static String indent(String text) {
    return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
  }

  private static boolean isHelp(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("help");
  }
}

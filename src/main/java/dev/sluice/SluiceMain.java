package dev.sluice;

import dev.sluice.controller.CanaryController;
import dev.sluice.render.RenderCommand;
import dev.sluice.replay.AnalyzeCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.List;

/** {@code sluice <command>}: {@code controller} runs the controller against the current cluster. */
@QuarkusMain
public class SluiceMain implements QuarkusApplication {
  static final String USAGE =
      """
      usage: sluice <command>
        controller   run the controller against the cluster of the current kubeconfig
                     (or the in-cluster service account)
        render -f CANARY.yaml [--weight N]
                     print the Services and routing objects Sluice would write, without a
                     cluster
        analyze --stdin
                     decide canary runs read as JSON lines (simulators), one answer per interval
        analyze -f CANARY.yaml --prometheus URL --from T1 --to T2 [-o json]
                     replay the Canary's analysis over past data: Sluice's judge and Flagger's
                     rule, interval by interval
      """;

  @Inject CanaryController controller;
  @Inject RenderCommand render;
  @Inject AnalyzeCommand analyze;

  @Override
  public int run(String... args) {
    String command = args.length == 0 ? "controller" : args[0];
    switch (command) {
      case "controller" -> {
        controller.start();
        Quarkus.waitForExit();
        return 0;
      }
      case "render" -> {
        return render.run(List.of(args).subList(1, args.length), System.in, System.out, System.err);
      }
      case "analyze" -> {
        return analyze.run(
            List.of(args).subList(1, args.length), System.in, System.out, System.err);
      }
      case "help", "--help", "-h" -> {
        System.out.print(USAGE);
        return 0;
      }
      default -> {
        System.err.print("unknown command: " + command + "\n" + USAGE);
        return 2;
      }
    }
  }
}

package dev.sluice;

import dev.sluice.controller.CanaryController;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/** {@code sluice <command>}: {@code controller} runs the controller against the current cluster. */
@QuarkusMain
public class SluiceMain implements QuarkusApplication {
  static final String USAGE =
      """
      usage: sluice <command>
        controller   run the controller against the cluster of the current kubeconfig
                     (or the in-cluster service account)
      """;

  @Inject CanaryController controller;

  @Override
  public int run(String... args) {
    String command = args.length == 0 ? "controller" : args[0];
    switch (command) {
      case "controller" -> {
        controller.start();
        Quarkus.waitForExit();
        return 0;
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

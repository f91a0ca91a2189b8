package dev.sluice.replay;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code sluice analyze}: replays a canary analysis outside a cluster. {@code --stdin} decides runs
 * read as JSON lines ({@link AnalysisLines}).
 */
@ApplicationScoped
public class AnalyzeCommand {
  static final String USAGE =
      """
      usage: sluice analyze --stdin
               decide canary runs read as JSON lines on standard input, one answer line per
               interval on standard output (README: "Replaying an analysis")
      """;

  /** Runs; 0 on success, 2 for bad arguments (reasons on {@code err}). */
  public int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.equals(List.of("--stdin"))) {
      try {
        new AnalysisLines()
            .run(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out);
        return 0;
      } catch (IOException e) {
        err.println("analyze: cannot read standard input: " + e.getMessage());
        return 1;
      }
    }
    err.print("analyze: unexpected arguments " + String.join(" ", args) + "\n" + USAGE);
    return 2;
  }
}

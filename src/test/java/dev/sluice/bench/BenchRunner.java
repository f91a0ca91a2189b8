package dev.sluice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of the per-tick hot path with the GC profiler and prints one line per
 * benchmark: throughput with its 99.9% error and bytes allocated per operation.
 *
 * <p>Sized for a 2-core machine: 2 forks of 4 two-second warm-up and 5 two-second measured
 * iterations each, about 40 s per benchmark. The load average is printed before and after: figures
 * taken while other processes compete for the cores are lower and noisier. Arguments: the benchmark
 * regex ({@code .*} for all) and the path of the JSON result file.
 */
public final class BenchRunner {

  private BenchRunner() {}

  public static void main(String[] args) throws RunnerException {
    String include = args.length > 0 ? args[0] : ".*";
    String resultFile = args.length > 1 ? args[1] : "target/jmh-result.json";
    Options options =
        new OptionsBuilder()
            .include(include)
            .forks(2)
            .warmupIterations(4)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .timeUnit(TimeUnit.SECONDS)
            .threads(1)
            .jvmArgs("-Xms1g", "-Xmx1g")
            .addProfiler(GCProfiler.class)
            .resultFormat(ResultFormatType.JSON)
            .result(resultFile)
            .build();
    String loadBefore = load();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println(summary(results));
    System.out.println("1-minute load average before: " + loadBefore + ", after: " + load());
    System.out.println("JMH results (JSON): " + resultFile);
  }

  private static String load() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return String.format(
        Locale.ROOT, "%.2f (%d cores)", os.getSystemLoadAverage(), os.getAvailableProcessors());
  }

  static String summary(Collection<RunResult> results) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("== Sluice hot path (JMH, throughput, 1 thread; error = 99.9% confidence) ==");
    lines.add(String.format(Locale.ROOT, "%-52s %22s %12s", "benchmark", "ops/s", "B/op"));
    for (RunResult run : results) {
      Result<?> score = run.getPrimaryResult();
      Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
      String name = run.getParams().getBenchmark().replace("dev.sluice.", "");
      lines.add(
          String.format(
              Locale.ROOT,
              "%-52s %12.0f ± %7.0f %12s",
              name,
              score.getScore(),
              score.getScoreError(),
              alloc == null ? "n/a" : String.format(Locale.ROOT, "%.0f", alloc.getScore())));
    }
    return String.join(System.lineSeparator(), lines);
  }
}

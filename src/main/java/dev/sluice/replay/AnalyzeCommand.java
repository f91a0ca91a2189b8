package dev.sluice.replay;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.Manifests;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.metricprovider.RangeResult;
import dev.sluice.metricprovider.prometheus.PrometheusClient;
import dev.sluice.metricprovider.prometheus.PrometheusEndpoint;
import dev.sluice.query.CountQueries;
import dev.sluice.router.MeshProviders;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice analyze}: replays a canary analysis outside a cluster. {@code --stdin} decides runs
 * read as JSON lines ({@link AnalysisLines}); {@code -f} replays a Canary over past data in
 * Prometheus ({@link PastReplay}).
 */
@ApplicationScoped
public class AnalyzeCommand {
  static final String USAGE =
      """
      usage: sluice analyze --stdin
               decide canary runs read as JSON lines on standard input, one answer line per
               interval on standard output
             sluice analyze -f CANARY.yaml --prometheus URL --from T1 --to T2 [-o json]
               replay the Canary's analysis over [T1, T2] (RFC 3339 times, e.g.
               2026-11-30T14:00:00Z): what Sluice's judge and Flagger's rule decide at each
               interval, and where each stops; -o json for tools
      """;

  private final KubernetesSerialization yaml = new KubernetesSerialization();

  @Inject PrometheusClient prometheus;
  @Inject MeshProviders meshes;
  @Inject SluiceConfig config;

  /** Runs; 0 on success, 1 when Prometheus fails, 2 for bad arguments (reasons on {@code err}). */
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
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (List.of("-f", "--file", "--prometheus", "--from", "--to", "-o").contains(arg)
          && i + 1 < args.size()) {
        options.put(arg.equals("--file") ? "-f" : arg, args.get(++i));
      } else {
        return usage(err, "unexpected argument " + arg);
      }
    }
    for (String required : List.of("-f", "--prometheus", "--from", "--to")) {
      if (!options.containsKey(required)) {
        return usage(err, required + " is required");
      }
    }
    String format = options.getOrDefault("-o", "table");
    if (!format.equals("table") && !format.equals("json")) {
      return usage(err, "-o must be json or table");
    }
    Instant from;
    Instant to;
    try {
      from = Instant.parse(options.get("--from"));
      to = Instant.parse(options.get("--to"));
    } catch (DateTimeParseException e) {
      return usage(err, "--from and --to are RFC 3339 times, e.g. 2026-11-30T14:00:00Z");
    }
    Canary canary;
    try {
      canary = canary(options.get("-f"), stdin);
    } catch (IOException | RuntimeException e) {
      err.println("analyze: cannot read " + options.get("-f") + ": " + e.getMessage());
      return 2;
    }
    String provider = SpecDefaults.provider(canary.getSpec(), config);
    Optional<CountQueries> builtin =
        meshes.find(provider).flatMap(mesh -> mesh.countQueries(provider));
    if (builtin.isEmpty()) {
      err.println(
          "analyze: provider "
              + provider
              + " has no builtin request counts to replay (the judge's errors and latency"
              + " signals read them)");
      return 2;
    }
    PastCountQueries queries = new MeshCountQueries(canary, provider, builtin.get());
    PrometheusEndpoint endpoint = PrometheusEndpoint.of(options.get("--prometheus"), null);
    String key =
        "analyze/" + canary.getMetadata().getNamespace() + "/" + canary.getMetadata().getName();
    RangeReader reader =
        (promql, start, end, step) -> {
          RangeResult answer = prometheus.queryRange(endpoint, promql, start, end, step, key);
          // a person reading the reason may have passed several addresses over the day
          return answer instanceof RangeResult.Failed failed
              ? new RangeResult.Failed(
                  "Prometheus at " + endpoint.shownAddress() + ": " + failed.reason())
              : answer;
        };
    PastCounts counts = new PastCounts(reader, queries);
    PastReplay.Report report;
    try {
      report = PastReplay.replay(canary, from, to, counts);
    } catch (IllegalArgumentException e) {
      err.println("analyze: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      err.println("analyze: " + e.getMessage());
      return 1;
    }
    out.print(
        format.equals("json") ? ReplayReport.json(report) + "\n" : ReplayReport.table(report));
    out.flush();
    return 0;
  }

  private Canary canary(String file, InputStream stdin) throws IOException {
    try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
      List<Canary> canaries =
          Manifests.read(yaml, new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream()
              .filter(Canary.class::isInstance)
              .map(Canary.class::cast)
              .toList();
      if (canaries.size() != 1) {
        throw new IllegalArgumentException(
            "the file must hold exactly one Canary, it holds " + canaries.size());
      }
      Canary canary = canaries.get(0);
      if (canary.getSpec() == null || canary.getSpec().getTargetRef() == null) {
        throw new IllegalArgumentException("the Canary has no spec.targetRef");
      }
      return canary;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.print("analyze: " + problem + "\n" + USAGE);
    return 2;
  }
}

package dev.sluice.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/monitoring}: the Grafana dashboard and the PrometheusRule name only series the
 * controller exports (every metric method called once, then the Prometheus registry scraped), and
 * the rules pass {@code promtool check rules} and the unit tests of {@code promtool test rules}
 * (Debian's Prometheus ships promtool; {@code .ci/run} installs it).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class MonitoringIT {
  static final Path MONITORING = Path.of("deploy", "monitoring");
  private static final Pattern METRIC = Pattern.compile("\\b(?:flagger|sluice)_[a-zA-Z0-9_]+");

  @Inject CanaryMetrics metrics;
  @Inject PrometheusMeterRegistry registry;

  @Test
  void theDashboardAndTheAlertsNameOnlySeriesTheControllerExports() throws IOException {
    Set<String> exported = exported();
    Set<String> dashboard = referenced(dashboardQueries());
    Set<String> rules = referenced(ruleExpressions());
    assertFalse(dashboard.isEmpty());
    assertFalse(rules.isEmpty());
    Set<String> unknown = new TreeSet<>(dashboard);
    unknown.addAll(rules);
    unknown.removeAll(exported);
    assertEquals(Set.of(), unknown, "exported: " + exported);
  }

  @Test
  void theRulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
    Path dir = Files.createTempDirectory("sluice-rules");
    Map<?, ?> rule =
        Serialization.unmarshal(
            Files.readString(MONITORING.resolve("prometheus-rules.yaml")), Map.class);
    Object groups = ((Map<?, ?>) rule.get("spec")).get("groups");
    Files.writeString(dir.resolve("rules.yaml"), Serialization.asYaml(Map.of("groups", groups)));
    Files.copy(
        Path.of("src/test/resources/monitoring/rules-test.yaml"), dir.resolve("rules-test.yaml"));
    String check = promtool(dir, "check", "rules", "rules.yaml");
    assertTrue(check.contains("SUCCESS: 5 rules found"), check);
    String test = promtool(dir, "test", "rules", "rules-test.yaml");
    assertTrue(test.contains("SUCCESS"), test);
  }

  /** The sample names of the registry once every metric method of the controller ran. */
  private Set<String> exported() {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder().withName("monitoring").withNamespace("monitoring").build());
    CanarySpec spec = new CanarySpec();
    LocalObjectReference target = new LocalObjectReference();
    target.setName("monitoring");
    spec.setTargetRef(target);
    spec.setAnalysis(new dev.sluice.api.v1beta1.CanaryAnalysis());
    canary.setSpec(spec);
    metrics.total("monitoring", 1);
    metrics.phase(canary, CanaryPhase.Progressing);
    metrics.weights(canary, 10);
    metrics.tickDuration(canary, Duration.ofMillis(20));
    metrics.tickDelay(Duration.ofMillis(5));
    metrics.outcome(canary, true);
    metrics.outcome(canary, false);
    try {
      return registry
          .scrape()
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0])
          .collect(Collectors.toCollection(TreeSet::new));
    } finally {
      metrics.forget(canary);
      metrics.total("monitoring", 0);
    }
  }

  private static List<String> dashboardQueries() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    return dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
  }

  private static List<String> ruleExpressions() throws IOException {
    return Files.readString(MONITORING.resolve("prometheus-rules.yaml"))
        .lines()
        .filter(l -> l.contains("flagger_") || l.contains("sluice_"))
        .toList();
  }

  private static Set<String> referenced(List<String> texts) {
    Set<String> names = new TreeSet<>();
    for (String text : texts) {
      Matcher m = METRIC.matcher(text);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static String promtool(Path dir, String... args) throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    assertTrue(
        Files.isExecutable(promtool),
        "promtool comes with Debian's prometheus package (apt-get install prometheus; .ci/run does)");
    List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, process.exitValue(), out);
    return out;
  }
}

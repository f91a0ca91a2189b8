package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A spec's effective provider, interval and progress deadline: its own, else the controller's. */
class SpecDefaultsTest {
  private static final SluiceConfig CONFIG =
      new SluiceConfig() {
        public String meshProvider() {
          return "linkerd";
        }

        public String metricsServer() {
          return "http://prometheus:9090";
        }

        public Optional<String> namespace() {
          return Optional.empty();
        }

        public Duration defaultInterval() {
          return Duration.ofSeconds(45);
        }

        public Duration minInterval() {
          return Duration.ofSeconds(10);
        }

        public Duration defaultProgressDeadline() {
          return Duration.ofSeconds(900);
        }

        public List<String> selectorLabels() {
          return List.of("app");
        }
      };

  @Test
  void theSpecsOwnValuesWin() {
    CanarySpec spec = new CanarySpec();
    spec.setProvider("istio");
    spec.setProgressDeadlineSeconds(120);
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval("1m30s");

    assertEquals("istio", SpecDefaults.provider(spec, CONFIG));
    assertEquals(Duration.ofSeconds(120), SpecDefaults.progressDeadline(spec, CONFIG));
    assertEquals(Duration.ofSeconds(90), SpecDefaults.interval(analysis, CONFIG));
    assertEquals(Optional.empty(), SpecDefaults.intervalProblem(analysis, CONFIG));
  }

  @Test
  void whatTheSpecLeavesOutComesFromTheControllersSettings() {
    CanarySpec spec = new CanarySpec();
    spec.setProvider(" ");
    CanaryAnalysis analysis = new CanaryAnalysis();

    assertEquals("linkerd", SpecDefaults.provider(spec, CONFIG));
    assertEquals(Duration.ofSeconds(900), SpecDefaults.progressDeadline(spec, CONFIG));
    assertEquals(Duration.ofSeconds(45), SpecDefaults.interval(analysis, CONFIG));
  }

  @Test
  void anIntervalBelowTheMinimumOrUnreadableIsAProblem() {
    CanaryAnalysis shortOne = new CanaryAnalysis();
    shortOne.setInterval("5s");
    CanaryAnalysis unreadable = new CanaryAnalysis();
    unreadable.setInterval("soon");

    assertEquals(
        Optional.of("analysis.interval 5s is below the minimum of 10s"),
        SpecDefaults.intervalProblem(shortOne, CONFIG));
    assertEquals(
        Optional.of("analysis.interval soon is not a duration"),
        SpecDefaults.intervalProblem(unreadable, CONFIG));
    assertThrows(IllegalArgumentException.class, () -> SpecDefaults.interval(unreadable, CONFIG));
  }
}

package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlaygroundOptionsTest {

  @Test
  void defaultsDescribeTheDocumentedScenario() {
    PlaygroundOptions options = PlaygroundOptions.parse();

    assertEquals(0.3, options.errorRate());
    assertEquals(Duration.ZERO, options.latency());
    assertEquals(40, options.requestsPerSecond());
    assertEquals(25, options.stepWeight());
    assertEquals(Duration.ofSeconds(3), options.interval());
    assertFalse(options.exitWhenDone());
    assertFalse(options.realCluster(), "the in-memory API is the default");
    assertFalse(options.explicit().stepWeight());
    assertFalse(options.judge());
    assertTrue(PlaygroundOptions.parse("--judge").judge());
  }

  @Test
  void everyFlagIsRead() throws Exception {
    Path canary = Files.createTempFile("canary", ".yaml");

    PlaygroundOptions options =
        PlaygroundOptions.parse(
            "--error-rate",
            "0.5",
            "--latency",
            "800",
            "--rps",
            "100",
            "--step-weight",
            "10",
            "--interval",
            "500ms",
            "--canary",
            canary.toString(),
            "--exit-when-done",
            "--timeout",
            "2m",
            "--real-cluster");

    assertEquals(0.5, options.errorRate());
    assertEquals(Duration.ofMillis(800), options.latency());
    assertEquals(100, options.requestsPerSecond());
    assertEquals(10, options.stepWeight());
    assertEquals(Duration.ofMillis(500), options.interval());
    assertEquals(canary, options.canary().orElseThrow());
    assertTrue(options.exitWhenDone());
    assertEquals(Duration.ofMinutes(2), options.timeout());
    assertTrue(options.realCluster());
    assertTrue(options.explicit().stepWeight() && options.explicit().interval());
  }

  @Test
  void badFlagsSayWhatIsWrong() {
    assertEquals(
        "--error-rate must be between 0 and 1",
        assertThrows(
                IllegalArgumentException.class, () -> PlaygroundOptions.parse("--error-rate", "2"))
            .getMessage());
    assertEquals(
        "unknown flag --speed",
        assertThrows(IllegalArgumentException.class, () -> PlaygroundOptions.parse("--speed"))
            .getMessage());
    assertEquals(
        "--rps needs a whole number, got nope",
        assertThrows(IllegalArgumentException.class, () -> PlaygroundOptions.parse("--rps", "nope"))
            .getMessage());
    assertEquals(
        "--rps needs a value",
        assertThrows(IllegalArgumentException.class, () -> PlaygroundOptions.parse("--rps"))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> PlaygroundOptions.parse("--canary", "/no/such/file.yaml"))
            .getMessage()
            .contains("no such readable file"));
  }
}

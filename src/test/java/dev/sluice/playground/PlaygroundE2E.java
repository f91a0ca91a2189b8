package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The playground end to end, as {@code bin/sluice playground --exit-when-done} runs it: the
 * packaged controller in its own JVM against the in-memory API, a real Prometheus, the sample app,
 * the router and steady load. Everything but the Kubernetes API is real. Runs after {@code package}
 * (verify's integration-test phase), since it starts {@code target/quarkus-app}.
 */
class PlaygroundE2E {

  @Test
  void theGoodVersionIsPromotedTheFaultyOneRolledBackAndTheSplitFollowsTheWeights() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out =
        new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);

    int exit =
        new Playground(out)
            .run(
                "--exit-when-done",
                "--interval",
                "4s",
                "--step-weight",
                "25",
                "--rps",
                "80",
                "--error-rate",
                "0.4",
                "--timeout",
                "5m");

    String output = captured.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("good version: Succeeded (expected Succeeded)"), "the good version");
    assertTrue(output.contains("faulty version: Failed (expected Failed)"), "the faulty version");
    assertTrue(output.contains("traffic split as set"), "the router followed the weights");
    assertTrue(output.contains("canary weight  25%"), "a step at 25% was observed");
    assertTrue(output.contains("smoke-test (pre-rollout)"), "the smoke test ran");
    assertTrue(output.contains("chat     New revision detected"), "chat was told");
    assertTrue(output.contains("RolledBack"), "the rollback was evented with its reason");
    assertTrue(output.contains("waiting for promotion approval"), "the promotion gate held");
    assertTrue(
        output.contains("approves the promotion: POST /gate/open -> 202"),
        "Sluice's own gate was opened over its HTTP API");
    assertEquals(0, exit);
  }

  /** Writes to the capture and to the console, so a CI log shows the timeline as it happens. */
  static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}

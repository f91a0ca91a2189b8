package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.testing.RegisterCrds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every line a tick logs about a canary carries the canary as fields (the MDC, which the JSON log
 * format writes as fields): namespace, name, phase, revision, weight.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class CanaryLogContextIT extends ControllerTestBase {
  private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record instanceof ExtLogRecord ext) {
            ext.copyMdc();
            records.add(ext);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    Logger.getLogger("dev.sluice").addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("dev.sluice").removeHandler(capture);
  }

  @Test
  void aTicksLogLinesNameTheCanaryItsPhaseRevisionAndWeight() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.0.1");
    tick();
    cluster.markReady("podinfo");
    records.clear();

    tick();

    List<ExtLogRecord> aboutPodinfo =
        records.stream().filter(r -> r.getFormattedMessage().contains("podinfo")).toList();
    assertFalse(aboutPodinfo.isEmpty(), "the step logs its events");
    var status = cluster.canary("podinfo").getStatus();
    for (ExtLogRecord record : aboutPodinfo) {
      String line = record.getFormattedMessage();
      assertEquals(cluster.namespace, record.getMdc("namespace"), line);
      assertEquals("podinfo", record.getMdc("name"), line);
      assertEquals("Progressing", record.getMdc("phase"), line);
      assertEquals(status.getLastAppliedSpec(), record.getMdc("revision"), line);
      assertEquals("0", record.getMdc("weight"), "as the tick found it: " + line);
    }
    assertNull(org.jboss.logging.MDC.get("name"), "the test's thread carries none");
  }
}

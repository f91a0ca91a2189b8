package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sluice playground --real-cluster --exit-when-done}: the playground on a real control
 * plane (etcd, kube-apiserver, kube-controller-manager built from Kubernetes' Go modules, the node
 * agent), Sluice installed from {@code deploy/} and the packaged controller on its ServiceAccount's
 * token. The Deployment controller makes the Pods, and each Ready Pod's sample app serves the
 * router's traffic. Builds the control plane first when this machine has none cached.
 */
class PlaygroundRealClusterE2E {

  @Test
  void onARealControlPlaneTheGoodVersionIsPromotedAndTheFaultyOneRolledBack() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out =
        new PrintStream(
            new PlaygroundE2E.TeeStream(captured, System.out), true, StandardCharsets.UTF_8);

    int exit =
        new Playground(out)
            .run(
                "--real-cluster",
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
    assertTrue(output.contains("(REAL: kube-apiserver"), "the real control plane ran");
    assertTrue(
        output.contains("applied ") && output.contains("deploy/"),
        "Sluice was installed with kubectl apply -k deploy/");
    assertTrue(output.contains("good version: Succeeded (expected Succeeded)"), "the good version");
    assertTrue(output.contains("faulty version: Failed (expected Failed)"), "the faulty version");
    assertTrue(output.contains("traffic split as set"), "the router followed the weights");
    assertTrue(output.contains("smoke-test (pre-rollout)"), "the smoke test reached a canary Pod");
    assertTrue(
        output.contains("approves the promotion: POST /gate/open -> 202"),
        "Sluice's own gate was opened over its HTTP API");
    assertTrue(output.contains("control plane memory (RSS)"), "the memory was reported");
    assertTrue(
        output.contains("Scaled up replica set podinfo-primary-"),
        "the Deployment controller made the primary's Pods");
    assertFalse(
        output.contains("FailedToUpdateEndpoint"),
        "the endpoint controllers' refusals of 127.0.0.1 stay out of the timeline");
    java.util.regex.Matcher printed =
        java.util.regex.Pattern.compile("--kubeconfig (\\S+)").matcher(output);
    assertTrue(printed.find(), "the kubectl line names the kubeconfig");
    java.nio.file.Path kubeconfig = java.nio.file.Path.of(printed.group(1));
    assertFalse(
        java.nio.file.Files.exists(kubeconfig)
            || java.nio.file.Files.exists(kubeconfig.resolveSibling("sluice.kubeconfig")),
        "the kubeconfigs (the admin's and the controller's token) are removed at the end");
    assertEquals(0, exit);
  }
}

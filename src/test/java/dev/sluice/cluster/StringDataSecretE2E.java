package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tracked Secret the user writes with {@code stringData} only: the API server folds it into
 * {@code data}, so Sluice sees only {@code data}. It copies the Secret as {@code <name>-primary}
 * with the same content, and a change written through {@code stringData} again starts a new run
 * that promotes the new content.
 */
@RealCluster(neverReady = KubernetesProviderE2E.NEVER_READY)
class StringDataSecretE2E {
  private static final Duration RUN = Duration.ofMinutes(3);

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: podinfo-secret
      stringData:
        token: %s
      """;

  private static final String CANARY =
      """
      apiVersion: flagger.app/v1beta1
      kind: Canary
      metadata:
        name: podinfo
      spec:
        provider: kubernetes
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        progressDeadlineSeconds: 60
        service:
          port: 9898
          targetPort: 9898
        analysis:
          interval: 2s
          threshold: 2
          iterations: 2
      """;

  @Test
  void aStringDataSecretIsCopiedToThePrimaryAndItsChangeStartsARun(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "stringdata")) {
      // given a Secret written with stringData only, in the target's environment
      ns.apply(SECRET.formatted("first"));
      ns.apply(
          TestNamespace.podinfo("6.0.0")
              .replace(
                  "          ports:\n",
                  """
                            envFrom:
                              - secretRef:
                                  name: podinfo-secret
                            ports:
                  """));
      ns.apply(CANARY);
      ns.awaitPhase("podinfo", CanaryPhase.Initialized, RUN);

      // then the primary has a copy with the same content, and its pods refer to the copy
      assertEquals(Map.of("token", "first"), decoded(secret(ns, "podinfo-secret-primary")));
      assertEquals(
          "podinfo-secret-primary",
          ns.deployment("podinfo-primary")
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getEnvFrom()
              .get(0)
              .getSecretRef()
              .getName());
      Map<String, String> trackedBefore = ns.canary("podinfo").getStatus().getTrackedConfigs();
      assertNotNull(trackedBefore, "trackedConfigs");

      // when the Secret is changed through stringData, and nothing else
      ns.apply(SECRET.formatted("second"));

      // then a new run starts and promotes the new content to the primary's copy
      ns.awaitPhase("podinfo", CanaryPhase.Progressing, RUN);
      ns.awaitPhase("podinfo", CanaryPhase.Succeeded, RUN);
      ns.await(
          "the primary's copy has the new content",
          () -> Map.of("token", "second").equals(decoded(secret(ns, "podinfo-secret-primary"))),
          RUN);
      assertNotEquals(
          trackedBefore,
          ns.canary("podinfo").getStatus().getTrackedConfigs(),
          "trackedConfigs after the run");
      assertEquals(TestNamespace.IMAGE + ":6.0.0", ns.image("podinfo-primary"));
    }
  }

  private static Secret secret(TestNamespace ns, String name) {
    return ns.client().secrets().inNamespace(ns.name()).withName(name).get();
  }

  private static Map<String, String> decoded(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return Map.of();
    }
    Map<String, String> decoded = new java.util.TreeMap<>();
    secret
        .getData()
        .forEach(
            (k, v) ->
                decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return decoded;
  }
}

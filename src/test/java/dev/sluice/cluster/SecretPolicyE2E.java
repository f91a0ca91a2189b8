package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller's ServiceAccount may create and update Secrets cluster-wide (RBAC cannot narrow
 * that by name or type), and {@code deploy/secret-policy.yaml} holds it to what the controller
 * writes: {@code -primary} copies of the types it tracks. Without the policy, each refusal below is
 * a Secret written: a token minted for another ServiceAccount, a team's credentials replaced.
 */
@RealCluster
class SecretPolicyE2E {

  @Test
  void sluicesServiceAccountWritesOnlyPrimaryCopiesOfTrackedSecretTypes(
      ControlPlane plane, SluiceInstall sluice) {
    try (TestNamespace ns = new TestNamespace(plane, sluice, "secrets");
        KubernetesClient controller = asController(plane)) {
      // given a team's own Secret, written by its admin
      plane
          .client()
          .secrets()
          .inNamespace(ns.name())
          .resource(secret("db-password", "Opaque", Map.of()))
          .create();

      // then Sluice's ServiceAccount cannot ask the token controller for a token of another
      // ServiceAccount, even under a -primary name
      KubernetesClientException token =
          assertThrows(
              KubernetesClientException.class,
              () ->
                  create(
                      controller,
                      ns,
                      secret(
                          "default-token-primary",
                          "kubernetes.io/service-account-token",
                          Map.of("kubernetes.io/service-account.name", "default"))));
      assertRefused(token, "Sluice copies only Opaque, basic-auth, ssh-auth and TLS Secrets");

      // nor write a Secret that is not a -primary copy, new or the team's own
      assertRefused(
          assertThrows(
              KubernetesClientException.class,
              () -> create(controller, ns, secret("minted", "Opaque", Map.of()))),
          "Sluice writes only the -primary copies of tracked Secrets");
      Secret theirs = controller.secrets().inNamespace(ns.name()).withName("db-password").get();
      theirs.setData(Map.of("password", "b3duZWQ="));
      assertRefused(
          assertThrows(
              KubernetesClientException.class,
              () -> controller.secrets().inNamespace(ns.name()).resource(theirs).update()),
          "Sluice writes only the -primary copies of tracked Secrets");

      // while the copies it makes are written as before
      create(controller, ns, secret("db-password-primary", "Opaque", Map.of()));
      assertEquals(
          "Opaque",
          plane
              .client()
              .secrets()
              .inNamespace(ns.name())
              .withName("db-password-primary")
              .get()
              .getType());
    }
  }

  private static void create(KubernetesClient client, TestNamespace ns, Secret secret) {
    client.secrets().inNamespace(ns.name()).resource(secret).create();
  }

  private static void assertRefused(KubernetesClientException refused, String message) {
    assertEquals(403, refused.getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains(message), refused.getMessage());
  }

  private static Secret secret(String name, String type, Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .withType(type)
        .withData(Map.of("password", "c2VjcmV0"))
        .build();
  }

  /** A client with the token of Sluice's own ServiceAccount, as the controller runs. */
  private static KubernetesClient asController(ControlPlane plane) {
    String token =
        plane
            .client()
            .serviceAccounts()
            .inNamespace(SluiceInstall.NAMESPACE)
            .withName(SluiceInstall.SERVICE_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    return new Kubeconfig(plane.admin().server(), plane.admin().caPem(), SluiceInstall.USER, token)
        .client();
  }
}

package dev.sluice.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The cache holds what canaries use and nothing else: a cluster's other namespaces and its
 * ConfigMaps and Secrets (Helm releases, tokens, certificates) would otherwise fill the
 * controller's heap. What a canary tracks is still read, by name.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = RegisterCrds.class)
class CacheScopeIT extends ControllerTestBase {

  @Test
  void holdsNoObjectOfANamespaceWithoutCanariesAndNoConfigMapOrSecret() {
    // given a namespace without canaries, with a workload, a Service, a ConfigMap and a Secret
    String other = cluster.namespace + "-other";
    unrelated(other);
    // and a canary whose namespace holds an unrelated ConfigMap and Secret too
    unrelated(cluster.namespace);
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());

    // when the canary is initialized
    givenInitialized();

    // then the cache holds its namespace's workloads but nothing of the other namespace
    assertTrue(
        held().stream().anyMatch(o -> isIn(o, cluster.namespace) && named(o, "podinfo-primary")),
        "the primary is cached: " + names(held()));
    assertEquals(List.of(), names(held().stream().filter(o -> isIn(o, other)).toList()));
    // and no ConfigMap or Secret at all
    assertEquals(
        List.of(),
        names(held().stream().filter(o -> o instanceof ConfigMap || o instanceof Secret).toList()));
    // while a ConfigMap is still read by name
    assertTrue(cache.configMap(cluster.namespace, "unrelated").isPresent());
  }

  @Test
  void dropsANamespaceWhenItsLastCanaryIsGone() {
    givenCanary("podinfo-istio.yaml", UnaryOperator.identity());
    givenInitialized();
    assertTrue(held().stream().anyMatch(o -> isIn(o, cluster.namespace) && named(o, "podinfo")));

    // when the Canary is deleted
    client.resources(Canary.class).inNamespace(cluster.namespace).withName("podinfo").delete();
    tick();
    cluster.markReady("podinfo");
    tick();
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.canary("podinfo") == null);

    // then nothing of its namespace is held any more
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> held().stream().noneMatch(o -> isIn(o, cluster.namespace)));
  }

  private void unrelated(String namespace) {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "unrelated")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "unrelated")
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(namespace)
                .endMetadata()
                .addToData("key", "value")
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(namespace)
                .endMetadata()
                .withType("helm.sh/release.v1.other")
                .addToStringData("release", "value")
                .build())
        .create();
  }

  /** Every object the cache's informers hold now. */
  private List<HasMetadata> held() {
    return cache.informers().stream()
        .flatMap(i -> i.informer().getStore().list().stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  private static boolean isIn(HasMetadata object, String namespace) {
    return namespace.equals(object.getMetadata().getNamespace());
  }

  private static boolean named(HasMetadata object, String name) {
    return name.equals(object.getMetadata().getName());
  }

  private static List<String> names(List<HasMetadata> objects) {
    return objects.stream()
        .map(
            o ->
                o.getKind()
                    + " "
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .toList();
  }
}

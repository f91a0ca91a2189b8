package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every write of a routing object in a test namespace, as the split it sets between {@code
 * podinfo-primary} and {@code podinfo-canary}: a watch sees each write the API server accepted, so
 * the steps of a run are checked as they happened rather than sampled.
 */
final class RoutingWrites implements AutoCloseable {
  private final List<Map<String, Integer>> seen = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<GenericKubernetesResource> informer;

  /**
   * @param weights the split an object sets, by backend name
   */
  RoutingWrites(
      TestNamespace ns,
      String apiVersion,
      String kind,
      Function<GenericKubernetesResource, Map<String, Integer>> weights) {
    informer =
        ns.client()
            .genericKubernetesResources(apiVersion, kind)
            .inNamespace(ns.name())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource object) {
                    seen.add(weights.apply(object));
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource after) {
                    seen.add(weights.apply(after));
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource object, boolean unknown) {}
                });
  }

  /** What {@code weights} made of each write, in order. */
  List<Map<String, Integer>> splits() {
    return List.copyOf(seen);
  }

  /**
   * The canary's weight write by write, repeats folded; each split must add up to 100. A write that
   * is no split (an empty map: another object of the kind) is left out.
   */
  List<Integer> canaryWeights() {
    List<Integer> canaryWeights = new ArrayList<>();
    for (Map<String, Integer> w : seen) {
      if (w.isEmpty()) {
        continue;
      }
      Integer canary = w.get("podinfo-canary");
      assertEquals(100, canary + w.get("podinfo-primary"), "weights add up to 100: " + w);
      if (canaryWeights.isEmpty() || !canaryWeights.get(canaryWeights.size() - 1).equals(canary)) {
        canaryWeights.add(canary);
      }
    }
    return canaryWeights;
  }

  @Override
  public void close() {
    informer.close();
  }
}

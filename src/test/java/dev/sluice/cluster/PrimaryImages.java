package dev.sluice.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The image of every write of the {@code podinfo-primary} Deployment the API server accepted, in
 * order: a watch sees each one, so "the new revision reached the primary exactly once" is checked
 * as it happened.
 */
final class PrimaryImages implements AutoCloseable {
  private final List<String> images = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Deployment> informer;

  PrimaryImages(TestNamespace ns) {
    informer =
        ns.client()
            .apps()
            .deployments()
            .inNamespace(ns.name())
            .withName("podinfo-primary")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    images.add(image(d));
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    images.add(image(after));
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {}
                });
  }

  /** Whether a write carried podinfo at {@code tag}. */
  boolean reached(String tag) {
    return images.contains(TestNamespace.IMAGE + ":" + tag);
  }

  /** The image write by write, repeats folded. */
  List<String> folded() {
    List<String> folded = new ArrayList<>();
    for (String v : images) {
      if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(v)) {
        folded.add(v);
      }
    }
    return folded;
  }

  @Override
  public void close() {
    informer.close();
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}

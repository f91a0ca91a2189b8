package dev.sluice.router;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The marks Sluice puts on the routing objects it writes, and how it hands one over when its Canary
 * goes but others still route through it (a user's root HTTPProxy including it, an IngressRoute
 * naming it, a VirtualService holding others' routes): deleting it would take their traffic down.
 */
public final class Handover {

  /**
   * Flagger marks the objects it manages so that Flux does not revert the weights it sets; Sluice
   * keeps the marks, since users migrating from Flagger rely on them.
   */
  public static final Map<String, String> GITOPS_OPT_OUT =
      Map.of(
          "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
          "helm.toolkit.fluxcd.io/driftDetection", "disabled");

  private Handover() {}

  /**
   * A copy of {@code live} with {@code spec} (routing to the apex Service by now), without the
   * Canary's owner reference, so that the garbage collector leaves it, and without the GitOps
   * opt-out marks Sluice put there. Other owners, labels and annotations stay; {@code live}, the
   * informer's copy, is not changed.
   */
  public static GenericKubernetesResource released(
      GenericKubernetesResource live, Canary canary, Object spec) {
    String uid = canary.getMetadata().getUid();
    List<OwnerReference> others =
        live.getMetadata().getOwnerReferences() == null
            ? List.of()
            : live.getMetadata().getOwnerReferences().stream()
                .filter(o -> !Objects.equals(uid, o.getUid()))
                .toList();
    ObjectMetaBuilder metadata =
        new ObjectMetaBuilder(live.getMetadata()).withOwnerReferences(others);
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    if (annotations != null) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      GITOPS_OPT_OUT.keySet().forEach(kept::remove);
      metadata.withAnnotations(kept.isEmpty() ? null : kept);
    }
    GenericKubernetesResource released = new GenericKubernetesResource();
    released.setApiVersion(live.getApiVersion());
    released.setKind(live.getKind());
    released.setMetadata(metadata.build());
    released.setAdditionalProperties(new LinkedHashMap<>(live.getAdditionalProperties()));
    released.setAdditionalProperty("spec", spec);
    return released;
  }
}

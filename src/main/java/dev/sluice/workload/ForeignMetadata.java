package dev.sluice.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels and annotations that belong to whoever applied the target (kubectl, Flux, Argo CD, the
 * Deployment controller) and must not follow it onto the objects Sluice generates: a copied Flux or
 * Argo CD ownership marker makes that tool prune or revert the generated object.
 */
final class ForeignMetadata {

  /** Flagger drops every key containing this marker (Flux ownership and checksums). */
  static final String FLUX_MARKER = "toolkit.fluxcd.io";

  static final String KUBECTL_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String ARGOCD_TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

  /** Flagger writes these on the Services it manages so that Flux does not fight over them. */
  static final Map<String, String> GITOPS_OPT_OUT =
      Map.of(
          "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
          "helm.toolkit.fluxcd.io/driftDetection", "disabled");

  private ForeignMetadata() {}

  static boolean isForeign(String key) {
    return key.contains(FLUX_MARKER)
        || key.equals(KUBECTL_LAST_APPLIED)
        || key.equals(ARGOCD_TRACKING_ID)
        || key.equals(DEPLOYMENT_REVISION);
  }

  /** A new map without the foreign keys; never null. */
  static Map<String, String> strip(Map<String, String> source) {
    Map<String, String> out = new LinkedHashMap<>();
    if (source != null) {
      source.forEach(
          (key, value) -> {
            if (!isForeign(key)) {
              out.put(key, value);
            }
          });
    }
    return out;
  }
}

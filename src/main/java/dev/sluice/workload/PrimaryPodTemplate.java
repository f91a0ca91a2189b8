package dev.sluice.workload;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod template of the primary Deployment, derived from the target's: primary selector label,
 * {@code -primary} ConfigMaps and Secrets, anti-affinity and topology spread that select primary
 * pods, and an annotation that forces a rollout of the primary at every promotion.
 */
public final class PrimaryPodTemplate {

  /**
   * Pod annotation carrying the revision. Flagger writes a random id here so that a promotion rolls
   * the primary's pods even when only a tracked config changed; the revision does the same and
   * keeps the desired template deterministic.
   */
  public static final String REVISION_ANNOTATION = "flagger-id";

  private PrimaryPodTemplate() {}

  /**
   * The primary pod template for {@code target} at revision {@code revision}.
   *
   * @param tracked configs whose references are rewritten to their {@code -primary} copies
   */
  public static PodTemplateSpec of(
      Deployment target,
      SelectorLabel label,
      TrackedConfigs tracked,
      String revision,
      LabelPolicy policy) {
    PodTemplateSpec source = target.getSpec().getTemplate();
    PodSpec spec = ConfigReferences.toPrimary(source.getSpec(), tracked);
    retargetSelectors(spec, target.getMetadata().getName(), policy.selectorLabels());
    Map<String, String> labels = null;
    Map<String, String> annotations = null;
    if (source.getMetadata() != null) {
      labels = source.getMetadata().getLabels();
      annotations = source.getMetadata().getAnnotations();
    }
    Map<String, String> primaryAnnotations = new TreeMap<>(ForeignMetadata.strip(annotations));
    primaryAnnotations.put(REVISION_ANNOTATION, revision);
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(primaryLabels(labels, label))
        .withAnnotations(primaryAnnotations)
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /**
   * {@code labels} without Flux markers, with the selector label set to the primary value.
   * Flagger's {@code makePrimaryLabels}.
   */
  public static Map<String, String> primaryLabels(Map<String, String> labels, SelectorLabel label) {
    Map<String, String> out = new TreeMap<>();
    if (labels != null) {
      labels.forEach(
          (key, value) -> {
            if (!key.contains(ForeignMetadata.FLUX_MARKER)) {
              out.put(key, value);
            }
          });
    }
    out.put(label.key(), label.primaryValue());
    return out;
  }

  // Anti-affinity and topology spread written against the target's pods would, copied verbatim,
  // spread primary pods against canary pods. Like Flagger, only selector-label terms whose value is
  // the target's name are retargeted.
  private static void retargetSelectors(PodSpec spec, String targetName, List<String> keys) {
    if (spec.getTopologySpreadConstraints() != null) {
      spec.getTopologySpreadConstraints()
          .forEach(c -> retarget(c.getLabelSelector(), targetName, keys));
    }
    if (spec.getAffinity() == null || spec.getAffinity().getPodAntiAffinity() == null) {
      return;
    }
    var antiAffinity = spec.getAffinity().getPodAntiAffinity();
    if (antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
      for (WeightedPodAffinityTerm term :
          antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()) {
        if (term.getPodAffinityTerm() != null) {
          retarget(term.getPodAffinityTerm().getLabelSelector(), targetName, keys);
        }
      }
    }
    if (antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      antiAffinity
          .getRequiredDuringSchedulingIgnoredDuringExecution()
          .forEach(term -> retarget(term.getLabelSelector(), targetName, keys));
    }
  }

  private static void retarget(LabelSelector selector, String targetName, List<String> keys) {
    if (selector == null) {
      return;
    }
    String primaryName = targetName + SelectorLabel.PRIMARY_SUFFIX;
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
        List<String> values = expression.getValues();
        if (keys.contains(expression.getKey()) && values != null) {
          int at = values.indexOf(targetName);
          if (at >= 0) {
            values.set(at, primaryName);
          }
        }
      }
    }
    if (selector.getMatchLabels() != null) {
      selector
          .getMatchLabels()
          .replaceAll(
              (key, value) -> keys.contains(key) && targetName.equals(value) ? primaryName : value);
    }
  }
}

package dev.sluice.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A progressive rollout of a workload, in Flagger's {@code flagger.app/v1beta1} API. */
@Group(Canary.GROUP)
@Version(Canary.VERSION)
@Kind("Canary")
@Plural("canaries")
@Singular("canary")
@Categories("all")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Weight",
    jsonPath = ".status.canaryWeight",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "FailedChecks",
    jsonPath = ".status.failedChecks",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Interval",
    jsonPath = ".spec.analysis.interval",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Mirror",
    jsonPath = ".spec.analysis.mirror",
    type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "StepWeight",
    jsonPath = ".spec.analysis.stepWeight",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "StepWeights",
    jsonPath = ".spec.analysis.stepWeights",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "MaxWeight",
    jsonPath = ".spec.analysis.maxWeight",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "LastTransitionTime",
    jsonPath = ".status.lastTransitionTime",
    type = AdditionalPrinterColumn.Type.STRING)
public class Canary extends CustomResource<CanarySpec, CanaryStatus> implements Namespaced {
  public static final String GROUP = "flagger.app";
  public static final String VERSION = "v1beta1";

  /** {@code namespace/name}, the form every log line uses. */
  public String key() {
    return getMetadata().getNamespace() + "/" + getMetadata().getName();
  }

  /** Name of the apex Service and of the mesh objects: {@code service.name}, else the target's. */
  public String apexName() {
    CanarySpec spec = getSpec();
    if (spec.getService() != null && spec.getService().getName() != null) {
      return spec.getService().getName();
    }
    return spec.getTargetRef().getName();
  }

  /**
   * The controller reference every generated object carries, so that the API server's garbage
   * collector removes them with the Canary.
   */
  public OwnerReference ownerReference() {
    return new OwnerReferenceBuilder()
        .withApiVersion(getApiVersion())
        .withKind(getKind())
        .withName(getMetadata().getName())
        .withUid(getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}

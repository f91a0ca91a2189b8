package dev.sluice.router.contour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CustomMetadata;
import dev.sluice.router.Handover;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shell of the Contour HTTPProxy Sluice writes, and the JSON conversions the model needs. A
 * {@link GenericKubernetesResource}, so that Sluice depends on no Contour client model: the
 * published CRD is the contract, and tests check every object against it.
 */
public final class HttpProxyResource {

  public static final String GROUP = "projectcontour.io";
  public static final String VERSION = "v1";
  public static final String KIND = "HTTPProxy";

  /** The HTTPProxy kind, addressed without API discovery. */
  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withPlural("httpproxies")
          .withKind(KIND)
          .withNamespaced(true)
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpProxyResource() {}

  /**
   * An HTTPProxy named after the apex Service, owned by {@code canary}, with the apex metadata of
   * {@code service.apex} and the annotations that keep Flux from reverting the weights.
   */
  static GenericKubernetesResource create(Canary canary, Map<String, Object> spec) {
    CustomMetadata apex = canary.getSpec().getService().getApex();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (apex != null && apex.getAnnotations() != null) {
      annotations.putAll(apex.getAnnotations());
    }
    annotations.putAll(Handover.GITOPS_OPT_OUT);
    Map<String, String> labels =
        apex == null || apex.getLabels() == null || apex.getLabels().isEmpty()
            ? null
            : new LinkedHashMap<>(apex.getLabels());
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(GROUP + "/" + VERSION);
    resource.setKind(KIND);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(canary.apexName())
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(canary.ownerReference())
            .build());
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  /** The spec of an object read from the cluster, as a tree; a missing node when there is none. */
  static JsonNode spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    return spec == null ? JSON.missingNode() : JSON.valueToTree(spec);
  }
}

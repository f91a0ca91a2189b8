package dev.sluice.router.gatewayapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shell of the HTTPRoute Sluice writes, and the JSON conversions the model needs. A {@link
 * GenericKubernetesResource}, so that Sluice depends on no Gateway API client model: the published
 * schema is the contract, and tests check every object against it.
 */
final class GatewayApiResource {

  static final String GROUP = "gateway.networking.k8s.io";
  static final String KIND = "HTTPRoute";

  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayApiResource() {}

  /** An HTTPRoute owned by {@code canary}; null or empty label/annotation maps are left out. */
  static GenericKubernetesResource create(
      String version,
      Canary canary,
      Map<String, String> labels,
      Map<String, String> annotations,
      Map<String, Object> spec) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(GROUP + "/" + version);
    resource.setKind(KIND);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(canary.apexName())
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(copyOrNull(labels))
            .withAnnotations(copyOrNull(annotations))
            .withOwnerReferences(canary.ownerReference())
            .build());
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  /** A copy, so the built object never shares a map with the Canary it was built from. */
  private static Map<String, String> copyOrNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : new LinkedHashMap<>(map);
  }

  /** The spec of an object read from the cluster, as a tree; a missing node when there is none. */
  static JsonNode spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    return spec == null ? JSON.missingNode() : JSON.valueToTree(spec);
  }

  static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}

package dev.sluice.router.istio;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shell shared by every Istio object Sluice writes, and the JSON conversions the models need.
 * Objects are {@link GenericKubernetesResource}s so that Sluice depends on no Istio client model:
 * the schema in {@code schemas/} is the contract, and tests check every object against it.
 */
final class IstioResource {

  /** The version Flagger writes; Istio 1.30 still serves it, so migrated objects keep it. */
  static final String API_VERSION = "networking.istio.io/v1beta1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private IstioResource() {}

  /**
   * A namespaced object owned by {@code canary}; null or empty label/annotation maps are left out.
   */
  static GenericKubernetesResource create(
      String kind,
      String name,
      Canary canary,
      Map<String, String> labels,
      Map<String, String> annotations,
      Map<String, Object> spec) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(API_VERSION);
    resource.setKind(kind);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
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

  /**
   * An API model object as a JSON map. The api classes that Istio fields come from mirror Istio's
   * messages field for field and are {@code NON_NULL}, so the map holds exactly the fields set.
   */
  static Map<String, Object> toMap(Object value) {
    return value == null ? null : JSON.convertValue(value, MAP);
  }

  /** The spec of an object read from the cluster, as a tree; a missing node when there is none. */
  static JsonNode spec(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    return spec == null ? JSON.missingNode() : JSON.valueToTree(spec);
  }
}

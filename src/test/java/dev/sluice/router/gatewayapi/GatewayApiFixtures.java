package dev.sluice.router.gatewayapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.testing.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Canaries to build HTTPRoutes from, and the schema every built route must satisfy. */
final class GatewayApiFixtures {

  static final CrdSchemaValidator GATEWAY_API_SCHEMA =
      CrdSchemaValidator.load("../shared/schemas/gateway-api-v1.6.1-httproutes.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * Flagger's Gateway API tutorial canary; {@code service} and {@code analysis} are YAML lines
   * added to those blocks.
   */
  static Canary podinfo(String service, String analysis) {
    return canary(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: podinfo
          namespace: test
        spec:
          provider: gatewayapi:v1
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: podinfo
          service:
            port: 9898
            hosts:
              - www.example.com
            gatewayRefs:
              - name: gateway
                namespace: istio-ingress
        %s  analysis:
            interval: 1m
        %s"""
            .formatted(service.indent(4), analysis.indent(4)));
  }

  static Canary podinfo() {
    return podinfo("", "");
  }

  private GatewayApiFixtures() {}

  static Canary canary(String manifest) {
    try {
      Canary canary = YAML.readValue(manifest, Canary.class);
      canary.getMetadata().setUid("0b5e6ef4-3c5d-4c1a-9a63-6c2e1f3b2a10");
      return canary;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The object as the API server would receive it, after checking it against the schema. */
  static JsonNode validJson(GenericKubernetesResource resource) {
    GATEWAY_API_SCHEMA.assertValid(resource);
    return JSON.valueToTree(resource);
  }

  /** The object as an informer hands it over: valid, and parsed back from JSON. */
  static GenericKubernetesResource fromServer(GenericKubernetesResource resource) {
    return JSON.convertValue(validJson(resource), GenericKubernetesResource.class);
  }

  static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }
}

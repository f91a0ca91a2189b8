package dev.sluice.router.contour;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.testing.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Canaries to build HTTPProxies from, and the schema every built proxy must satisfy. */
final class ContourFixtures {

  static final CrdSchemaValidator CONTOUR_SCHEMA =
      CrdSchemaValidator.load("src/test/resources/schemas/contour-main-0001337b-httpproxies.yaml");

  static final String UID = "0b5e6ef4-3c5d-4c1a-9a63-6c2e1f3b2a10";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private ContourFixtures() {}

  /**
   * Flagger's Contour tutorial canary; {@code service} and {@code analysis} are YAML lines added to
   * those blocks.
   */
  static Canary podinfo(String service, String analysis) {
    try {
      Canary canary =
          YAML.readValue(
              """
              apiVersion: flagger.app/v1beta1
              kind: Canary
              metadata:
                name: podinfo
                namespace: test
              spec:
                provider: contour
                targetRef:
                  apiVersion: apps/v1
                  kind: Deployment
                  name: podinfo
                service:
                  port: 9898
              %s  analysis:
                  interval: 1m
              %s"""
                  .formatted(service.indent(4), analysis.indent(4)),
              Canary.class);
      canary.getMetadata().setUid(UID);
      return canary;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Canary podinfo() {
    return podinfo("", "");
  }

  /** The object as the API server would receive it, after checking it against the schema. */
  static JsonNode validJson(GenericKubernetesResource resource) {
    return CONTOUR_SCHEMA.validJson(resource);
  }

  /** The object as an informer hands it over: valid, and parsed back from JSON. */
  static GenericKubernetesResource fromServer(GenericKubernetesResource resource) {
    return CONTOUR_SCHEMA.fromServer(resource);
  }

  static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }
}

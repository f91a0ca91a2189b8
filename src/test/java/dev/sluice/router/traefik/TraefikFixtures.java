package dev.sluice.router.traefik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.testing.CrdSchemaValidator;
import dev.sluice.testing.RegisterCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Canaries to build TraefikServices from, and the schema every built one must satisfy. */
public final class TraefikFixtures {

  /** Traefik's published TraefikService CRD, as Traefik v3.4 ships it. */
  public static final CrdSchemaValidator TRAEFIK_SCHEMA =
      CrdSchemaValidator.load(RegisterCrds.TEST_DATA.resolve("traefik-v3.4-traefikservices.yaml"));

  static final String UID = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

  private static final YAMLMapper YAML = new YAMLMapper();

  private TraefikFixtures() {}

  /**
   * Flagger's Traefik tutorial canary in namespace test; {@code service} and {@code analysis} are
   * YAML lines added to those blocks.
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
                provider: traefik
                targetRef:
                  apiVersion: apps/v1
                  kind: Deployment
                  name: podinfo
                service:
                  port: 80
                  targetPort: 9898
              %s  analysis:
                  interval: 1m
                  maxWeight: 50
                  stepWeight: 5
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
    return TRAEFIK_SCHEMA.validJson(resource);
  }

  /** The object as an informer hands it over: valid, and parsed back from JSON. */
  static GenericKubernetesResource fromServer(GenericKubernetesResource resource) {
    return TRAEFIK_SCHEMA.fromServer(resource);
  }
}

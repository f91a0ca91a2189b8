package dev.sluice.router.istio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.api.v1beta1.SessionAffinity;
import dev.sluice.testing.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Canaries to build Istio objects from, and the schema every built object must satisfy. */
final class IstioFixtures {

  static final CrdSchemaValidator ISTIO_SCHEMA =
      CrdSchemaValidator.load("../shared/schemas/istio-1.30.3-virtualservice-destinationrule.yaml");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private IstioFixtures() {}

  /** The canary of Flagger's podinfo tutorial: target podinfo, port 9898, no routing options. */
  static Canary podinfo() {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder()
            .withName("podinfo")
            .withNamespace("test")
            .withUid("0b5e6ef4-3c5d-4c1a-9a63-6c2e1f3b2a10")
            .build());
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName("podinfo");
    CanaryService service = new CanaryService();
    service.setPort(9898);
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setInterval("1m");
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    spec.setService(service);
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    return canary;
  }

  /** The object as the API server would receive it, after checking it against Istio's schema. */
  static JsonNode validJson(GenericKubernetesResource resource) {
    return ISTIO_SCHEMA.validJson(resource);
  }

  /**
   * A Canary from a manifest as a user writes it; {@code metadata} gets the uid the API server
   * would have assigned.
   */
  static Canary canary(String manifest) {
    try {
      Canary canary = YAML.readValue(manifest, Canary.class);
      canary.getMetadata().setUid("0b5e6ef4-3c5d-4c1a-9a63-6c2e1f3b2a10");
      return canary;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The object as an informer hands it over: valid, and parsed back from the server's JSON. */
  static GenericKubernetesResource fromServer(GenericKubernetesResource resource) {
    return ISTIO_SCHEMA.fromServer(resource);
  }

  /** A canary with {@code analysis.sessionAffinity} and the cookies a run start records. */
  static Canary sticky(String primaryCookieName) {
    Canary canary = podinfo();
    canary.getSpec().getAnalysis().setStepWeight(10);
    SessionAffinity affinity = new SessionAffinity();
    affinity.setCookieName("flagger-cookie");
    affinity.setPrimaryCookieName(primaryCookieName);
    canary.getSpec().getAnalysis().setSessionAffinity(affinity);
    CanaryStatus status = new CanaryStatus();
    status.setLastAppliedSpec("rev-2");
    status.setSessionAffinityCookie("flagger-cookie=run2");
    status.setPreviousSessionAffinityCookie("flagger-cookie=run1");
    canary.setStatus(status);
    return canary;
  }

  static JsonNode json(Object value) {
    return JSON.valueToTree(value);
  }
}

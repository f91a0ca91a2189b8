package dev.sluice.router.istio;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Istio DestinationRules of a canary, as Flagger 1.44 writes them: one for {@code
 * <apex>-primary} and one for {@code <apex>-canary}, each named after and pointing at its Service
 * by short name, with {@code service.trafficPolicy}, owned by the Canary. Pure: builds objects
 * only.
 */
public final class DestinationRuleModel {

  public static final String API_VERSION = IstioResource.API_VERSION;
  public static final String KIND = "DestinationRule";

  private DestinationRuleModel() {}

  /** Both DestinationRules, primary first. */
  public static List<GenericKubernetesResource> desired(Canary canary) {
    return List.of(desiredPrimary(canary), desiredCanary(canary));
  }

  /** The DestinationRule {@code <apex>-primary} for host {@code <apex>-primary}. */
  public static GenericKubernetesResource desiredPrimary(Canary canary) {
    return forHost(canary, VirtualServiceModel.primaryHost(canary));
  }

  /** The DestinationRule {@code <apex>-canary} for host {@code <apex>-canary}. */
  public static GenericKubernetesResource desiredCanary(Canary canary) {
    return forHost(canary, VirtualServiceModel.canaryHost(canary));
  }

  /**
   * The short host resolves in the canary's namespace, which is where the Services are; the same
   * traffic policy on both sides keeps the comparison between primary and canary fair.
   */
  private static GenericKubernetesResource forHost(Canary canary, String host) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("host", host);
    Map<String, Object> trafficPolicy =
        IstioResource.toMap(canary.getSpec().getService().getTrafficPolicy());
    if (trafficPolicy != null) {
      spec.put("trafficPolicy", trafficPolicy);
    }
    return IstioResource.create(KIND, host, canary, null, null, spec);
  }
}

package dev.sluice.router.smi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.router.Handover;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired SMI TrafficSplit of a canary, as Flagger 1.44 writes it: named after the apex
 * Service, in the canary's namespace, owned by the Canary, splitting {@code spec.service} between
 * the Services {@code <apex>-canary} and {@code <apex>-primary} (in that order, as Flagger lists
 * them).
 *
 * <p>Pure: builds objects, never talks to the API server. Structure comes from the Canary, weights
 * from a {@link Routes}, so that a structural reconcile can keep the live weights with {@link
 * #desiredKeepingWeights}.
 */
public final class TrafficSplitModel {

  public static final String GROUP = "split.smi-spec.io";
  public static final String KIND = "TrafficSplit";

  /**
   * The SMI adaptor of Istio read a TrafficSplit's gateways from this annotation; Flagger sets it
   * for {@code smi:*:istio} when {@code service.gateways} is set.
   */
  public static final String ISTIO_GATEWAYS =
      "VirtualService.v1alpha3.networking.istio.io/spec.gateways";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrafficSplitModel() {}

  /**
   * The TrafficSplit for {@code canary} in {@code provider}'s API version with the split of {@code
   * routes}.
   *
   * <ul>
   *   <li>{@code spec.service}: the first of {@code service.hosts}, else the apex Service's name
   *       (Flagger's choice; Linkerd expects a Service name, so leave hosts unset there).
   *   <li>{@code spec.backends}: {@code <apex>-canary} and {@code <apex>-primary} with their
   *       weights: integers, or for {@code v1alpha1} quantities written as strings ({@code "90"}),
   *       as Flagger writes them.
   *   <li>labels and annotations: {@code service.apex}'s, Flux's opt-out annotations (as on every
   *       routing object Sluice writes), and for an Istio mesh the gateways annotation.
   * </ul>
   *
   * @throws IllegalArgumentException if a weight is outside 0..100 or the two do not sum to 100
   */
  public static GenericKubernetesResource desired(
      Canary canary, Routes routes, SmiProvider provider) {
    routes.requireValid();
    CanaryService service = canary.getSpec().getService();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("service", rootService(canary));
    spec.put(
        "backends",
        List.of(
            backend(canaryService(canary), routes.canaryWeight(), provider),
            backend(primaryService(canary), routes.primaryWeight(), provider)));
    GenericKubernetesResource split = new GenericKubernetesResource();
    split.setApiVersion(GROUP + "/" + provider.version());
    split.setKind(KIND);
    split.setMetadata(
        new ObjectMetaBuilder()
            .withName(canary.apexName())
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(labels(service))
            .withAnnotations(annotations(service, provider))
            .withOwnerReferences(canary.ownerReference())
            .build());
    split.setAdditionalProperty("spec", spec);
    return split;
  }

  /**
   * The TrafficSplit with the weights {@code existing} carries: what a structural reconcile writes,
   * so that it never moves traffic. The live canary weight (clamped to 0..100) is kept and the
   * primary gets the rest; with no {@code existing} object, or no split of the two Services in it,
   * all traffic goes to the primary.
   */
  public static GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource existing, SmiProvider provider) {
    Routes live =
        existing == null
            ? Routes.allToPrimary()
            : TrafficSplitWeights.read(canary, existing).orElse(Routes.allToPrimary());
    int canaryWeight = Math.max(0, Math.min(100, live.canaryWeight()));
    return desired(canary, Routes.weighted(canaryWeight), provider);
  }

  static String primaryService(Canary canary) {
    return canary.apexName() + "-primary";
  }

  static String canaryService(Canary canary) {
    return canary.apexName() + "-canary";
  }

  private static String rootService(Canary canary) {
    List<String> hosts = canary.getSpec().getService().getHosts();
    return hosts == null || hosts.isEmpty() ? canary.apexName() : hosts.get(0);
  }

  private static Map<String, Object> backend(String service, int weight, SmiProvider provider) {
    Map<String, Object> backend = new LinkedHashMap<>();
    backend.put("service", service);
    backend.put("weight", provider.weightsAreQuantities() ? Integer.toString(weight) : weight);
    return backend;
  }

  private static Map<String, String> labels(CanaryService service) {
    if (service.getApex() == null || service.getApex().getLabels() == null) {
      return null;
    }
    return service.getApex().getLabels().isEmpty()
        ? null
        : new LinkedHashMap<>(service.getApex().getLabels());
  }

  private static Map<String, String> annotations(CanaryService service, SmiProvider provider) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (service.getApex() != null && service.getApex().getAnnotations() != null) {
      annotations.putAll(service.getApex().getAnnotations());
    }
    List<String> gateways = service.getGateways();
    if (SmiProvider.ISTIO.equals(provider.mesh()) && gateways != null && !gateways.isEmpty()) {
      annotations.put(ISTIO_GATEWAYS, asJson(gateways));
    }
    annotations.putAll(Handover.GITOPS_OPT_OUT);
    return annotations;
  }

  private static String asJson(List<String> gateways) {
    try {
      return JSON.writeValueAsString(gateways);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

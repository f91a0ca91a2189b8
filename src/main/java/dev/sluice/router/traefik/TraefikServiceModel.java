package dev.sluice.router.traefik;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CustomMetadata;
import dev.sluice.router.Handover;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired TraefikService of a canary, as Flagger 1.44 writes it: {@code traefik.io/v1alpha1},
 * named after the apex Service, in the canary's namespace, owned by the Canary, a weighted round
 * robin ({@code spec.weighted.services}) over the Services {@code <apex>-primary} and {@code
 * <apex>-canary} on {@code service.port}. The user's IngressRoute sends its traffic to it ({@code
 * kind: TraefikService}); Sluice never reads or writes the IngressRoute.
 *
 * <p>Pure: builds objects, never talks to the API server. Sluice owns {@code
 * spec.weighted.services} and the labels and annotations of {@code service.apex}; any other field
 * of a live object's spec (a {@code weighted.sticky} the user set, say) is carried over unchanged.
 */
public final class TraefikServiceModel {

  public static final String GROUP = "traefik.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "TraefikService";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TraefikServiceModel() {}

  /**
   * The TraefikService for {@code canary} with the split of {@code routes}, built from nothing.
   *
   * @throws IllegalArgumentException if the weights are not a split of 100, or {@code routes} asks
   *     for mirroring, which a weighted TraefikService cannot do (CanaryValidator refuses {@code
   *     analysis.mirror} for Traefik, so only a bug gets here)
   */
  public static GenericKubernetesResource desired(Canary canary, Routes routes) {
    return desired(canary, routes, null);
  }

  /**
   * As {@link #desired(Canary, Routes)}, keeping every field of {@code live}'s spec that Sluice
   * does not own, so that a write never removes what someone else set.
   *
   * <p>A Service whose weight is 0 is left out of the list rather than written with weight 0 or
   * without one: Traefik gives a listed service without a weight its default of 1, which is how
   * Flagger's primary, serialized with {@code omitempty}, keeps a share at "weight 0". So the
   * canary is listed only while it gets traffic (as in Flagger), and the primary only while it
   * does.
   */
  public static GenericKubernetesResource desired(
      Canary canary, Routes routes, GenericKubernetesResource live) {
    routes.requireValid();
    if (routes.mirrored()) {
      throw new IllegalArgumentException(
          "a weighted TraefikService cannot mirror traffic (" + canary.key() + ")");
    }
    List<Map<String, Object>> services = new ArrayList<>();
    int port = canary.getSpec().getService().getPort();
    if (routes.primaryWeight() > 0) {
      services.add(service(canary, primaryService(canary), port, routes.primaryWeight()));
    }
    if (routes.canaryWeight() > 0) {
      services.add(service(canary, canaryService(canary), port, routes.canaryWeight()));
    }
    return create(canary, withServices(live, services), true);
  }

  /**
   * The TraefikService with the split that {@code live} carries: what a structural reconcile
   * writes, so that a change of port or metadata never moves traffic. With no {@code live} object,
   * or no split in it, all traffic goes to primary. Weights someone set by hand that do not sum to
   * 100 are kept as the same shares in percent (the canary's share rounded, the primary the rest).
   */
  public static GenericKubernetesResource desiredKeepingWeights(
      Canary canary, GenericKubernetesResource live) {
    Routes found =
        live == null
            ? Routes.allToPrimary()
            : TraefikServiceWeights.read(canary, live).orElse(Routes.allToPrimary());
    int total = found.primaryWeight() + found.canaryWeight();
    int canaryShare = Math.round(100f * found.canaryWeight() / total);
    return desired(canary, Routes.weighted(canaryShare), live);
  }

  /**
   * The TraefikService once the Canary is gone: all traffic to the apex Service, which the
   * finalizer has pointed at the target's pods, and no owner reference to the Canary, so that the
   * garbage collector leaves it to the user's IngressRoute, which would otherwise route to nothing.
   */
  public static GenericKubernetesResource reverted(Canary canary, GenericKubernetesResource live) {
    int port = canary.getSpec().getService().getPort();
    List<Map<String, Object>> apexOnly = List.of(service(canary, canary.apexName(), port, 100));
    return create(canary, withServices(live, apexOnly), false);
  }

  static String primaryService(Canary canary) {
    return canary.apexName() + "-primary";
  }

  static String canaryService(Canary canary) {
    return canary.apexName() + "-canary";
  }

  /**
   * One entry of {@code spec.weighted.services}: a Kubernetes Service of the canary's namespace.
   */
  private static Map<String, Object> service(Canary canary, String name, int port, int weight) {
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("name", name);
    service.put("namespace", canary.getMetadata().getNamespace());
    service.put("port", port);
    service.put("weight", weight);
    return service;
  }

  /** {@code live}'s spec (or an empty one) with {@code weighted.services} replaced. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withServices(
      GenericKubernetesResource live, List<Map<String, Object>> services) {
    Object liveSpec = live == null ? null : live.getAdditionalProperties().get("spec");
    ObjectNode spec =
        liveSpec instanceof Map<?, ?> ? JSON.valueToTree(liveSpec) : JSON.createObjectNode();
    ObjectNode weighted =
        spec.get("weighted") instanceof ObjectNode node ? node : spec.putObject("weighted");
    weighted.set("services", JSON.valueToTree(services));
    return JSON.convertValue(spec, Map.class);
  }

  private static GenericKubernetesResource create(
      Canary canary, Map<String, Object> spec, boolean owned) {
    CustomMetadata apex = canary.getSpec().getService().getApex();
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(GROUP + "/" + VERSION);
    resource.setKind(KIND);
    ObjectMetaBuilder metadata =
        new ObjectMetaBuilder()
            .withName(canary.apexName())
            .withNamespace(canary.getMetadata().getNamespace())
            .withLabels(labels(apex))
            .withAnnotations(annotations(apex));
    if (owned) {
      metadata.withOwnerReferences(canary.ownerReference());
    }
    resource.setMetadata(metadata.build());
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  private static Map<String, String> labels(CustomMetadata apex) {
    return apex == null || apex.getLabels() == null || apex.getLabels().isEmpty()
        ? null
        : new LinkedHashMap<>(apex.getLabels());
  }

  /** The apex annotations, plus Flagger's marks that keep Flux from reverting the weights. */
  private static Map<String, String> annotations(CustomMetadata apex) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (apex != null && apex.getAnnotations() != null) {
      annotations.putAll(apex.getAnnotations());
    }
    annotations.putAll(Handover.GITOPS_OPT_OUT);
    return annotations;
  }
}

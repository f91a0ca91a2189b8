package dev.sluice.router.smi;

import java.util.List;
import java.util.Optional;

/**
 * A provider string that Flagger routes through an SMI TrafficSplit, read as the TrafficSplit API
 * version it writes and the mesh it targets.
 *
 * <ul>
 *   <li>{@code linkerd}: {@code split.smi-spec.io/v1alpha1}, the version the linkerd-smi extension
 *       stores.
 *   <li>{@code osm}: {@code v1alpha2}, Open Service Mesh's version.
 *   <li>{@code smi:v1alpha1}, {@code smi:v1alpha2}, {@code smi:v1alpha3}, each optionally followed
 *       by {@code :<mesh>} (e.g. {@code smi:v1alpha3:istio}): that version, for that mesh.
 * </ul>
 *
 * <p>Flagger matches the {@code smi:} forms by prefix, so {@code smi:v1alpha3foo} is a v1alpha3
 * router there; here it is no provider, and the canary gets a validation error instead.
 *
 * @param version the TrafficSplit API version, e.g. {@code v1alpha3}
 * @param mesh the targeted mesh, or null when the provider names none
 */
public record SmiProvider(String version, String mesh) {
  public static final String LINKERD = "linkerd";
  public static final String OSM = "osm";
  public static final String ISTIO = "istio";

  private static final String SMI_PREFIX = "smi:";
  private static final List<String> VERSIONS = List.of("v1alpha1", "v1alpha2", "v1alpha3");

  /** The SMI router's reading of {@code provider}; empty when it is no SMI provider. */
  public static Optional<SmiProvider> parse(String provider) {
    if (LINKERD.equals(provider)) {
      return Optional.of(new SmiProvider("v1alpha1", LINKERD));
    }
    if (OSM.equals(provider)) {
      return Optional.of(new SmiProvider("v1alpha2", OSM));
    }
    if (provider == null || !provider.startsWith(SMI_PREFIX)) {
      return Optional.empty();
    }
    String rest = provider.substring(SMI_PREFIX.length());
    int colon = rest.indexOf(':');
    String version = colon < 0 ? rest : rest.substring(0, colon);
    String mesh = colon < 0 ? null : rest.substring(colon + 1);
    if (!VERSIONS.contains(version) || (mesh != null && mesh.isBlank())) {
      return Optional.empty();
    }
    return Optional.of(new SmiProvider(version, mesh));
  }

  /** Whether the split's weights are Kubernetes quantities ({@code v1alpha1}) or numbers. */
  public boolean weightsAreQuantities() {
    return "v1alpha1".equals(version);
  }
}

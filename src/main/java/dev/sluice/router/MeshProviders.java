package dev.sluice.router;

import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.Builtins;
import dev.sluice.query.CountQueries;
import dev.sluice.traffic.StickySession;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The mesh providers of this build, as CDI found them: picks the one a provider string names, and
 * answers for all of them (the supported strings, the builtin queries, the refusals). An unknown
 * provider is a validation error in the canary's status, never a silent fallback to another mesh
 * (Flagger falls back to Istio).
 */
@ApplicationScoped
public class MeshProviders {
  private final List<MeshProvider> meshes;

  /**
   * @throws IllegalStateException when two descriptors claim one provider string
   */
  @Inject
  public MeshProviders(@All List<MeshProvider> meshes) {
    Map<String, MeshProvider> claimed = new HashMap<>();
    for (MeshProvider mesh : meshes) {
      for (String provider : mesh.providers()) {
        MeshProvider other = claimed.putIfAbsent(provider, mesh);
        if (other != null) {
          throw new IllegalStateException(
              "provider "
                  + provider
                  + " is claimed by "
                  + other.getClass().getName()
                  + " and "
                  + mesh.getClass().getName());
        }
      }
    }
    this.meshes = List.copyOf(meshes);
  }

  /** The descriptor that answers to {@code provider}, if any. */
  public Optional<MeshProvider> find(String provider) {
    if (provider == null) {
      return Optional.empty();
    }
    return meshes.stream().filter(mesh -> mesh.answers(provider)).findFirst();
  }

  /** The router of {@code provider}; empty for a provider no descriptor answers to. */
  public Optional<Router> router(String provider) {
    return find(provider).map(mesh -> mesh.router(provider));
  }

  /** Every provider string this build routes for, sorted. */
  public List<String> supported() {
    return providersThat(mesh -> true);
  }

  /**
   * The builtin queries of {@code provider}: its own, or those of the provider its traffic is
   * measured as (one step, so that two descriptors cannot send each other round); none for a
   * provider no descriptor answers to.
   */
  public Builtins builtins(String provider) {
    Map<BuiltinMetric, String> queries =
        find(provider)
            .map(
                mesh ->
                    mesh.measuredAs(provider)
                        .map(this::ownQueries)
                        .orElseGet(() -> mesh.builtinQueries(provider)))
            .orElse(Map.of());
    return new Builtins(provider, queries);
  }

  /**
   * The judge's builtin count queries of {@code provider}, from the provider its traffic is
   * measured as when it is not its own (as {@link #builtins}); empty when it has none.
   */
  public Optional<CountQueries> countQueries(String provider) {
    return find(provider)
        .flatMap(
            mesh ->
                mesh.measuredAs(provider)
                    .map(measured -> find(measured).flatMap(m -> m.countQueries(measured)))
                    .orElseGet(() -> mesh.countQueries(provider)));
  }

  /**
   * What makes {@code spec} impossible to route with {@code provider}, each naming the field: an
   * unknown provider; a match, a mirror or session affinity the provider cannot do; and the
   * provider's own problems.
   */
  public List<String> problems(String provider, CanarySpec spec) {
    Optional<MeshProvider> found = find(provider);
    if (found.isEmpty()) {
      return List.of(
          "provider "
              + provider
              + " is not supported (supported: "
              + String.join(", ", supported())
              + ")");
    }
    MeshProvider mesh = found.get();
    List<String> problems = new ArrayList<>(mesh.problems(provider, spec));
    CanaryAnalysis analysis = spec.getAnalysis();
    if (analysis != null) {
      problems.addAll(capabilityProblems(provider, mesh.capabilities(), spec));
    }
    return problems;
  }

  private List<String> capabilityProblems(String provider, MeshCapabilities can, CanarySpec spec) {
    CanaryAnalysis analysis = spec.getAnalysis();
    List<String> problems = new ArrayList<>();
    if (!can.abTesting() && analysis.getMatch() != null && !analysis.getMatch().isEmpty()) {
      problems.add(
          "provider "
              + provider
              + " cannot route by request match (A/B testing): remove analysis.match (supported: "
              + String.join(", ", providersThat(MeshCapabilities::abTesting))
              + ")");
    }
    if (!can.mirroring() && Boolean.TRUE.equals(analysis.getMirror())) {
      problems.add("provider " + provider + " cannot mirror traffic: unset analysis.mirror");
    }
    if (analysis.getSessionAffinity() != null) {
      if (can.sessionAffinity()) {
        problems.addAll(StickySession.problems(spec));
      } else {
        problems.add(
            "provider "
                + provider
                + " cannot pin sessions: unset analysis.sessionAffinity (supported: "
                + String.join(", ", providersThat(MeshCapabilities::sessionAffinity))
                + ")");
      }
    }
    return problems;
  }

  private Map<BuiltinMetric, String> ownQueries(String provider) {
    return find(provider).map(mesh -> mesh.builtinQueries(provider)).orElse(Map.of());
  }

  private List<String> providersThat(Predicate<MeshCapabilities> can) {
    return meshes.stream()
        .filter(mesh -> can.test(mesh.capabilities()))
        .flatMap(mesh -> mesh.providers().stream())
        .sorted()
        .toList();
  }
}

package dev.sluice.router;

import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.query.BuiltinMetric;
import dev.sluice.query.CountQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Sluice knows about one mesh or ingress provider, in the provider's own package: the
 * {@code spec.provider} strings it answers to, its {@link Router}, what it refuses in a Canary, its
 * builtin metric queries and what it can do. Implementations are {@code @ApplicationScoped} beans,
 * found by CDI ({@link MeshProviders}); adding a provider is adding one.
 *
 * <p>Named after Flagger's {@code -mesh-provider} flag and Sluice's {@code sluice.mesh-provider}:
 * ingress controllers (nginx, Traefik, Contour) and plain Kubernetes are "mesh providers" there
 * too.
 *
 * <p>Every method but {@link #router} works on a plain instance ({@code new XMeshProvider()}), so
 * validation and queries can be tested without a container.
 */
public interface MeshProvider {

  /**
   * The provider strings this mesh answers to, as Flagger spells them, in the order the "not
   * supported" message lists them. Two descriptors never share one.
   */
  List<String> providers();

  /**
   * Whether {@code provider} is one of this mesh's. Defaults to membership in {@link #providers()};
   * a descriptor whose strings carry parameters (SMI's {@code smi:<version>:<mesh>}) overrides it.
   */
  default boolean answers(String provider) {
    return providers().contains(provider);
  }

  /** The router for {@code provider}, one this descriptor {@link #answers}. */
  Router router(String provider);

  /** What this mesh can do; the validator refuses the rest of a Canary in one wording. */
  MeshCapabilities capabilities();

  /**
   * What a Canary asks of this mesh that it cannot do beyond its {@link #capabilities()} (a field
   * with no counterpart, a missing reference), each problem naming the field; empty when none.
   * {@code spec.analysis} may be null.
   */
  List<String> problems(String provider, CanarySpec spec);

  /**
   * The query templates of the builtin metrics for {@code provider}, with Flagger's semantics;
   * empty when it has none (the user then writes a MetricTemplate).
   */
  Map<BuiltinMetric, String> builtinQueries(String provider);

  /**
   * The provider whose metrics {@code provider}'s traffic shows up in, when it is not this mesh's
   * own (an SMI TrafficSplit on Istio is measured by Istio's sidecars); empty to use {@link
   * #builtinQueries}.
   */
  default Optional<String> measuredAs(String provider) {
    return Optional.empty();
  }

  /**
   * The judge's builtin count queries for {@code provider} (requests, errors, slow requests of the
   * canary and of the primary); empty when it has none, which every mesh with a builtin {@code
   * request-success-rate} should not be.
   */
  default Optional<CountQueries> countQueries(String provider) {
    return Optional.empty();
  }
}

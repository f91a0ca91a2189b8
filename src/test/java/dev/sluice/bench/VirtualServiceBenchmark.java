package dev.sluice.bench;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.router.istio.VirtualServiceModel;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The desired Istio VirtualService of the tutorial canary (gateway, host, retries, headers) at
 * weight 20: built on every tick, by the structural reconcile and by each route change.
 */
@State(Scope.Benchmark)
public class VirtualServiceBenchmark {

  private Canary canary;
  private final Routes routes = Routes.weighted(20);

  @Setup
  public void setUp() {
    canary = BenchFixtures.canaryProgressing();
  }

  @Benchmark
  public GenericKubernetesResource desired() {
    return VirtualServiceModel.desired(canary, routes);
  }
}

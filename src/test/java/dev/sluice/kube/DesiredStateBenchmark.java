package dev.sluice.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bench.BenchFixtures;
import dev.sluice.bench.StoredObjects;
import dev.sluice.workload.PrimaryDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The desired-vs-live comparison that decides whether a tick writes. Desired is the primary
 * Deployment as {@link PrimaryDeployment} builds it; live is the same object as the API server
 * returns it, with identity, managedFields, defaults and status added, so the comparison walks
 * every desired field and finds nothing to write (the steady state of every tick).
 *
 * <p>In this package because {@link DesiredState} is package-private. Part of the benchmarks of
 * {@code dev.sluice.bench}; see its README.
 */
@State(Scope.Benchmark)
public class DesiredStateBenchmark {

  private ObjectNode desiredTree;
  private ObjectNode liveTree;
  private Deployment live;

  @Setup
  public void setUp() {
    Deployment desired =
        BenchFixtures.primary(BenchFixtures.canaryProgressing(), BenchFixtures.target());
    desiredTree = BenchFixtures.tree(desired);
    desiredTree.remove("status");
    live = StoredObjects.stored(desired, Deployment.class);
    liveTree = BenchFixtures.tree(live);
    if (!isContainedIn() || !convertLiveAndCompare()) {
      throw new IllegalStateException("live does not contain desired: the benchmark would exit");
    }
  }

  /** {@link DesiredState#isContainedIn} alone, on trees built beforehand. */
  @Benchmark
  public boolean isContainedIn() {
    return DesiredState.isContainedIn(desiredTree, liveTree);
  }

  /**
   * What {@code ResourceWriter} does per write on every tick: convert the informer's live
   * Deployment to a tree, then compare (the desired tree is converted once per write as well).
   */
  @Benchmark
  public boolean convertLiveAndCompare() {
    ObjectNode tree = BenchFixtures.SERIALIZATION.convertValue(live, ObjectNode.class);
    return DesiredState.isContainedIn(desiredTree, tree);
  }
}

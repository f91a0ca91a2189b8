package dev.sluice.bench;

import dev.sluice.workload.RevisionHasher;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The revision of the target, which every tick computes: the pod template of {@link
 * BenchFixtures#target()} (3 containers with env, envFrom, volumes, probes, resources) plus two
 * tracked configs.
 */
@State(Scope.Benchmark)
public class RevisionHasherBenchmark {

  private PodTemplateSpec template;
  private Map<String, String> tracked;

  @Setup
  public void setUp() {
    template = BenchFixtures.target().getSpec().getTemplate();
    tracked = BenchFixtures.trackedConfigs().statusMap();
    if (revision().length() != 32) {
      throw new IllegalStateException("unexpected revision " + revision());
    }
  }

  @Benchmark
  public String revision() {
    return RevisionHasher.revision(template, tracked);
  }
}

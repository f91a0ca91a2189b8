package dev.sluice.bench;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.router.istio.DestinationRuleModel;
import dev.sluice.router.istio.VirtualServiceModel;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.CanaryServices;
import dev.sluice.workload.SelectorLabel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Estimates the heap the informer caches retain per canary. For N canaries it builds, with the main
 * code, each canary's primary Deployment, apex/primary/canary Services, VirtualService and two
 * DestinationRules, turns each into what the API server returns (identity, managedFields, defaults,
 * status), decodes that JSON with the fabric8 client's serialization and puts the result in a
 * fabric8 informer store ({@link CacheImpl}, with its namespace index), one store per kind.
 *
 * <p>Retained heap is the heap used after full GCs, measured before and after each kind is added.
 * It is an estimate: run with {@code -XX:+UseSerialGC} and a fixed heap so that {@code System.gc()}
 * compacts everything; strings the JVM interns (Jackson interns field names and map keys) are
 * shared across canaries and counted once. Argument: N (default 1000).
 */
public final class MemoryPerCanary {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private record Kind(String label, int perCanary, Function<Integer, List<HasMetadata>> build) {}

  private MemoryPerCanary() {}

  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<Kind> kinds =
        List.of(
            new Kind("Canary (with status)", 1, i -> List.of(canary(i))),
            new Kind("primary Deployment", 1, i -> List.of(primary(i))),
            new Kind("Services (apex, primary, canary)", 3, MemoryPerCanary::services),
            new Kind("VirtualService", 1, i -> List.of(virtualService(i))),
            new Kind("DestinationRules (primary, canary)", 2, MemoryPerCanary::destinationRules),
            new Kind("target Deployment (user's; not in total)", 1, i -> List.of(target(i))));

    // Loads the classes and fills Jackson's and fabric8's caches before the baseline.
    for (Kind kind : kinds) {
      fill(kind, 50, new long[1]);
    }
    List<CacheImpl<HasMetadata>> held = new ArrayList<>();
    long[] perCanary = new long[kinds.size()];
    long[] jsonPerObject = new long[kinds.size()];
    long before = usedAfterGc();
    for (int k = 0; k < kinds.size(); k++) {
      long[] jsonBytes = new long[1];
      held.add(fill(kinds.get(k), n, jsonBytes));
      long after = usedAfterGc();
      perCanary[k] = (after - before) / n;
      jsonPerObject[k] = jsonBytes[0] / n / kinds.get(k).perCanary();
      before = after;
    }
    Reference.reachabilityFence(held);

    System.out.printf(
        Locale.ROOT,
        "%n== Memory per canary in the informer caches (estimate: heap used after full GC, N=%d)"
            + " ==%n",
        n);
    String row = "%-42s %12s %12s %12s%n";
    System.out.printf(Locale.ROOT, row, "kind", "KiB/canary", "KiB/object", "JSON KiB/obj");
    long total = 0;
    for (int k = 0; k < kinds.size(); k++) {
      Kind kind = kinds.get(k);
      System.out.printf(
          Locale.ROOT,
          row,
          kind.label(),
          kib(perCanary[k]),
          kib(perCanary[k] / kind.perCanary()),
          kib(jsonPerObject[k]));
      if (k < kinds.size() - 1) {
        total += perCanary[k];
      }
    }
    System.out.printf(
        Locale.ROOT, row, "total (canary, primary, 3 svc, VS, 2 DR)", kib(total), "", "");
    System.out.printf(
        Locale.ROOT,
        "=> %.1f MiB for %d canaries; %.1f KiB/canary with the target Deployment%n",
        total * (double) n / (1024 * 1024),
        n,
        (total + perCanary[kinds.size() - 1]) / 1024.0);
  }

  private static CacheImpl<HasMetadata> fill(Kind kind, int n, long[] jsonBytes) {
    CacheImpl<HasMetadata> cache = new CacheImpl<>();
    for (int i = 0; i < n; i++) {
      for (HasMetadata desired : kind.build().apply(i)) {
        String json =
            BenchFixtures.SERIALIZATION.asJson(StoredObjects.asStored(BenchFixtures.tree(desired)));
        jsonBytes[0] += json.length();
        cache.put(BenchFixtures.SERIALIZATION.unmarshal(json, desired.getClass()));
      }
    }
    return cache;
  }

  private static String namespace(int i) {
    return String.format(Locale.ROOT, "team-%02d", i % 40);
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "app-%04d", i);
  }

  private static Canary canary(int i) {
    return BenchFixtures.canaryProgressing(namespace(i), name(i));
  }

  private static Deployment target(int i) {
    return BenchFixtures.target(namespace(i), name(i));
  }

  private static Deployment primary(int i) {
    return BenchFixtures.primary(canary(i), target(i));
  }

  private static List<HasMetadata> services(int i) {
    CanaryServices.ServiceSet set =
        CanaryServices.desired(
            canary(i),
            new SelectorLabel("app", name(i)),
            target(i).getSpec().getTemplate().getSpec());
    return List.<HasMetadata>of(set.apex(), set.primary(), set.canary());
  }

  private static GenericKubernetesResource virtualService(int i) {
    return VirtualServiceModel.desired(canary(i), Routes.weighted(20));
  }

  private static List<HasMetadata> destinationRules(int i) {
    return List.copyOf(DestinationRuleModel.desired(canary(i)));
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    // the harness runs on Serial GC, where System.gc() is a full collection that returns when
    // done; the minimum of a few readings drops what a finalizer or reference queue still held
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1024.0);
  }
}

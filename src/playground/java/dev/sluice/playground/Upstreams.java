package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Where the router and the smoke test find the sample app behind a Service: {@link Workloads} (one
 * app per Deployment, on the in-memory API) or {@link PodApps} (one app per Ready Pod, on the real
 * control plane).
 */
interface Upstreams extends AutoCloseable {

  /** Starts watching; returns once the watch holds the namespace's objects. */
  void start();

  /**
   * The Deployment whose pod template labels match {@code service}'s selector, that is, whose pods
   * the Service would send to. With several, the first by name; empty for a Service without a
   * selector or before {@link #start()}.
   */
  Optional<String> deploymentFor(Service service);

  /** An app serving for Deployment {@code deploymentName}, if one serves. */
  Optional<SampleApp> app(String deploymentName);

  /**
   * A handler that, on any change of what an informer holds, runs {@code reconcile} on {@code
   * loop}.
   */
  static <T> ResourceEventHandler<T> reconcileOnChange(Executor loop, Runnable reconcile) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T added) {
        loop.execute(reconcile);
      }

      @Override
      public void onUpdate(T before, T after) {
        loop.execute(reconcile);
      }

      @Override
      public void onDelete(T deleted, boolean unknownFinalState) {
        loop.execute(reconcile);
      }
    };
  }
}

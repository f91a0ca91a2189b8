package dev.sluice.router;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Writes one mesh or ingress provider's objects for a canary. Structure (hosts, matches, retries)
 * and weights are kept apart: {@link #reconcile} never moves traffic, {@link #setRoutes} never
 * changes structure, so the two cannot fight. Every write is idempotent.
 */
public interface Router {

  /** Creates or updates the provider's objects, keeping the traffic split they carry now. */
  void reconcile(Canary canary);

  /** Moves traffic to the given split. */
  void setRoutes(Canary canary, Routes routes);

  /**
   * Before the Canary goes: leaves routing that sends all traffic to the target's own pods through
   * the apex Service, and nothing that points at objects about to be deleted.
   */
  void revert(Canary canary);

  /**
   * The routing objects this router writes for the canary with traffic split as {@code routes},
   * built from the canary alone, without a cluster: what {@code bin/sluice render} prints. Objects
   * the canary refers to (an {@code ingressRef}'s Ingress, say) come from {@code given}, keyed
   * {@code Kind/name}; a missing one is an {@link IllegalArgumentException} naming it.
   */
  List<HasMetadata> render(Canary canary, Routes routes, Map<String, HasMetadata> given);
}

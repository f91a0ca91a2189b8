package dev.sluice.kube;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Writes {@code Canary.status} through the status subresource, only when it changed, with the
 * resourceVersion the decision was based on.
 *
 * <p>On a 409 the Canary is re-read: if only its spec or metadata moved (a user edit), the new
 * status still follows from the status it replaces and is written onto the fresh object; if its
 * status moved (another writer), this decision is stale and is dropped, and the next tick decides
 * again from the fresh status.
 */
@ApplicationScoped
public class StatusWriter {
  private static final Logger LOG = Logger.getLogger(StatusWriter.class);

  @Inject KubernetesClient client;

  /** What a status write did. */
  public enum Outcome {
    WRITTEN,
    UNCHANGED,
    /** The status moved under the tick: the decision was dropped. */
    STALE
  }

  public Outcome write(Canary canary, CanaryStatus next) {
    return record(canary, next).outcome();
  }

  /**
   * What a write did and the Canary as stored after it: the object later writes of the same tick
   * must start from, since {@code canary} now carries the status (and resourceVersion) it replaced.
   *
   * @param stored the Canary with {@code next} as its status; {@code canary} itself when the status
   *     was unchanged, null when the decision was stale
   */
  public record Recorded(Outcome outcome, Canary stored) {}

  /** Writes as {@link #write} does, and returns the Canary as stored after the write. */
  public Recorded record(Canary canary, CanaryStatus next) {
    next = withFieldsReadersNeed(next);
    if (same(canary.getStatus(), next)) {
      return new Recorded(Outcome.UNCHANGED, canary);
    }
    Canary target = canary;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Canary copy = copy(target);
      copy.setStatus(next);
      try {
        Canary stored = client.resource(copy).updateStatus();
        return new Recorded(Outcome.WRITTEN, stored == null ? copy : stored);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        Canary fresh = client.resource(canary).get();
        if (fresh == null || !same(fresh.getStatus(), canary.getStatus())) {
          LOG.infof("%s status changed under this tick; deciding again next tick", canary.key());
          return new Recorded(Outcome.STALE, null);
        }
        target = fresh;
      }
    }
    throw new IllegalStateException(canary.key() + ": status conflict persisted after 3 attempts");
  }

  /**
   * Every status written carries {@code canaryWeight} and {@code conditions}, even a canary's that
   * never started (an invalid spec): Argo CD's built-in Flagger health check compares the first
   * with 0 and walks the second, and its Lua fails on either one missing.
   */
  private CanaryStatus withFieldsReadersNeed(CanaryStatus next) {
    if (next == null || (next.getCanaryWeight() != null && next.getConditions() != null)) {
      return next;
    }
    CanaryStatus filled = client.getKubernetesSerialization().clone(next);
    if (filled.getCanaryWeight() == null) {
      filled.setCanaryWeight(0);
    }
    if (filled.getConditions() == null) {
      filled.setConditions(java.util.List.of());
    }
    return filled;
  }

  private Canary copy(Canary canary) {
    return client.getKubernetesSerialization().clone(canary);
  }

  private boolean same(CanaryStatus a, CanaryStatus b) {
    var json = client.getKubernetesSerialization();
    return Objects.equals(json.convertValue(a, Object.class), json.convertValue(b, Object.class));
  }
}

package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryStatus;
import org.jboss.logging.MDC;

/**
 * The canary a tick is about, as fields of every line the tick's thread logs (the MDC, which JSON
 * logs write as fields): {@code namespace}, {@code name}, and the {@code phase}, {@code revision}
 * and {@code weight} the tick found. Lines logged on other threads (Vert.x callbacks) name the
 * canary in their text only.
 */
final class CanaryLogContext implements AutoCloseable {
  static final String[] KEYS = {"namespace", "name", "phase", "revision", "weight"};

  private CanaryLogContext() {}

  static CanaryLogContext of(Canary canary) {
    CanaryStatus status = canary.getStatus();
    MDC.put("namespace", canary.getMetadata().getNamespace());
    MDC.put("name", canary.getMetadata().getName());
    if (status != null && status.getPhase() != null) {
      MDC.put("phase", status.getPhase().name());
    }
    if (status != null && status.getLastAppliedSpec() != null) {
      MDC.put("revision", status.getLastAppliedSpec());
    }
    MDC.put(
        "weight",
        String.valueOf(
            status == null || status.getCanaryWeight() == null ? 0 : status.getCanaryWeight()));
    return new CanaryLogContext();
  }

  @Override
  public void close() {
    for (String key : KEYS) {
      MDC.remove(key);
    }
  }
}

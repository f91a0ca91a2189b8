package dev.sluice.notify;

import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes one Kubernetes Event on a Canary and nothing else: no chat, no webhooks. {@link
 * EventRecorder} adds those; failures of the notifications themselves are written here directly, so
 * that reporting one can never trigger another.
 */
@ApplicationScoped
public class CanaryEvents {
  private static final Logger LOG = Logger.getLogger(CanaryEvents.class);
  static final String COMPONENT = "sluice";

  private final KubernetesClient client;
  private final Clock clock;

  @Inject
  public CanaryEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @return whether the Event was written; when not, the reason is logged naming the canary
   */
  public boolean write(Canary canary, boolean warning, String reason, String message) {
    String now = clock.instant().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(canary.getMetadata().getNamespace())
            .withName(
                canary.getMetadata().getName()
                    + "."
                    + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(canary.getApiVersion())
                    .withKind(canary.getKind())
                    .withName(canary.getMetadata().getName())
                    .withNamespace(canary.getMetadata().getNamespace())
                    .withUid(canary.getMetadata().getUid())
                    .build())
            .withType(warning ? "Warning" : "Normal")
            .withReason(reason)
            .withMessage(message)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      // an event that cannot be written must not stop the rollout; the log line stands
      LOG.warnf("%s could not record event %s: %s", canary.key(), reason, e.getMessage());
      return false;
    }
  }
}

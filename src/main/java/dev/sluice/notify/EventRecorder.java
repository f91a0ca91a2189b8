package dev.sluice.notify;

import dev.sluice.analysis.EventNote;
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
 * The one place a rollout tells people what happened: a log line naming {@code namespace/name} and
 * a Kubernetes Event on the Canary (chat notifications join here).
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  static final String COMPONENT = "sluice";

  @Inject KubernetesClient client;
  @Inject Clock clock;

  public void record(Canary canary, EventNote note) {
    if (note.warning()) {
      LOG.warnf("%s %s: %s", canary.key(), note.reason(), note.message());
    } else {
      LOG.infof("%s %s: %s", canary.key(), note.reason(), note.message());
    }
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
            .withType(note.warning() ? "Warning" : "Normal")
            .withReason(note.reason())
            .withMessage(note.message())
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().resource(event).create();
    } catch (KubernetesClientException e) {
      // an event that cannot be written must not stop the rollout; the log line above stands
      LOG.warnf("%s could not record event %s: %s", canary.key(), note.reason(), e.getMessage());
    }
  }
}

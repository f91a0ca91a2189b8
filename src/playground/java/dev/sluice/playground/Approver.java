package dev.sluice.playground;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the person at the promotion gate: once the canary has waited in {@code WaitingPromotion}
 * for one interval, opens Sluice's gate through its HTTP API ({@code POST /gate/open} with the
 * bearer token), as someone would from a terminal or a CI job; on close, closes the gate again so
 * the next revision waits for its own approval.
 */
final class Approver implements AutoCloseable {
  private final KubernetesClient client;
  private final Scenario scenario;
  private final String sluiceUrl;
  private final Duration patience;
  private final Timeline timeline;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private Instant waitingSince;
  private boolean opened;

  Approver(
      KubernetesClient client,
      Scenario scenario,
      String sluiceUrl,
      Duration patience,
      Timeline timeline) {
    this.client = client;
    this.scenario = scenario;
    this.sluiceUrl = sluiceUrl;
    this.patience = patience;
    this.timeline = timeline;
    poller.scheduleWithFixedDelay(this::poll, 250, 250, TimeUnit.MILLISECONDS);
  }

  private synchronized void poll() {
    try {
      Canary canary =
          client
              .resources(Canary.class)
              .inNamespace(Scenario.NAMESPACE)
              .withName(scenario.canaryName())
              .get();
      boolean waiting =
          canary != null
              && canary.getStatus() != null
              && canary.getStatus().getPhase() == CanaryPhase.WaitingPromotion;
      if (!waiting || opened) {
        waitingSince = null;
        return;
      }
      if (waitingSince == null) {
        waitingSince = Instant.now();
      } else if (Duration.between(waitingSince, Instant.now()).compareTo(patience) >= 0) {
        int status = gate("open");
        timeline.print("person", "approves the promotion: POST /gate/open -> " + status);
        opened = status == 202;
      }
    } catch (RuntimeException e) {
      // the API is going away; nothing to approve
    }
  }

  private int gate(String action) {
    String body =
        "{\"name\":\"" + scenario.canaryName() + "\",\"namespace\":\"" + Scenario.NAMESPACE + "\"}";
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(sluiceUrl + "/gate/" + action))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + ControllerProcess.API_TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public synchronized void close() {
    poller.shutdownNow();
    if (opened) {
      timeline.print(
          "person", "closes the gate for the next revision: POST /gate/close -> " + gate("close"));
      opened = false;
    }
  }
}

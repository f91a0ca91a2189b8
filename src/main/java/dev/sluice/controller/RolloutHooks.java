package dev.sluice.controller;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.webhook.HookType;
import dev.sluice.webhook.WebhookClient;
import dev.sluice.webhook.WebhookPayload;
import dev.sluice.webhook.WebhookResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rollout} webhooks of a canary (Flagger's load tests and smoke tests that run at every
 * step): each one that does not pass is a failed check of the step, with the receiver's answer as
 * its reason. The other hook types (gates, pre/post-rollout, rollback, event) are not called yet.
 */
@ApplicationScoped
public class RolloutHooks {
  @Inject WebhookClient client;

  /** Calls every {@code rollout} hook; the reasons of those that failed, empty when all passed. */
  public List<String> failures(Canary canary) {
    List<CanaryWebhook> hooks = canary.getSpec().getAnalysis().getWebhooks();
    List<String> failures = new ArrayList<>();
    if (hooks == null) {
      return failures;
    }
    for (CanaryWebhook hook : hooks) {
      if (HookType.parse(hook.getType()).orElse(null) != HookType.ROLLOUT) {
        continue;
      }
      WebhookResult result =
          client.call(
              hook,
              WebhookPayload.of(
                  canary.getMetadata().getName(),
                  canary.getMetadata().getNamespace(),
                  phase(canary),
                  WebhookPayload.checksum(canary.getStatus()),
                  hook));
      if (!result.passed()) {
        failures.add(result.reason());
      }
    }
    return failures;
  }

  private static String phase(Canary canary) {
    return canary.getStatus() == null || canary.getStatus().getPhase() == null
        ? ""
        : canary.getStatus().getPhase().name();
  }
}

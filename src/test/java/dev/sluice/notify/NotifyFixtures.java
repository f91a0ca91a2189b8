package dev.sluice.notify;

import dev.sluice.api.v1beta1.AlertProvider;
import dev.sluice.api.v1beta1.AlertProviderSpec;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAlert;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.CrossNamespaceReference;
import dev.sluice.api.v1beta1.LocalObjectReference;
import dev.sluice.api.v1beta1.LocalReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Canaries, alerts and AlertProviders built by hand for the notification tests. */
final class NotifyFixtures {
  private NotifyFixtures() {}

  /** A canary in Progressing at weight 20, with these alerts and webhooks (null for none). */
  static Canary canary(
      String namespace, String name, List<CanaryAlert> alerts, List<CanaryWebhook> hooks) {
    Canary canary = new Canary();
    canary.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid(UUID.randomUUID().toString())
            .build());
    LocalObjectReference target = new LocalObjectReference();
    target.setApiVersion("apps/v1");
    target.setKind("Deployment");
    target.setName(name + "-app");
    CanaryAnalysis analysis = new CanaryAnalysis();
    analysis.setAlerts(alerts);
    analysis.setWebhooks(hooks);
    CanarySpec spec = new CanarySpec();
    spec.setTargetRef(target);
    spec.setAnalysis(analysis);
    canary.setSpec(spec);
    CanaryStatus status = new CanaryStatus();
    status.setPhase(CanaryPhase.Progressing);
    status.setCanaryWeight(20);
    status.setLastAppliedSpec("rev-1");
    canary.setStatus(status);
    return canary;
  }

  static CanaryAlert alert(String name, String severity, String provider, String namespace) {
    CanaryAlert alert = new CanaryAlert();
    alert.setName(name);
    alert.setSeverity(severity);
    CrossNamespaceReference ref = new CrossNamespaceReference();
    ref.setName(provider);
    ref.setNamespace(namespace);
    alert.setProviderRef(ref);
    return alert;
  }

  static AlertProvider provider(
      String namespace, String name, String type, String address, String secretName) {
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType(type);
    spec.setAddress(address);
    spec.setChannel("deploys");
    spec.setUsername("sluice");
    if (secretName != null) {
      LocalReference ref = new LocalReference();
      ref.setName(secretName);
      spec.setSecretRef(ref);
    }
    AlertProvider provider = new AlertProvider();
    provider.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    provider.setSpec(spec);
    return provider;
  }

  static Secret secret(String namespace, String name, Map<String, String> plain) {
    SecretBuilder builder =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    plain.forEach(
        (k, v) ->
            builder.addToData(
                k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return builder.build();
  }

  static CanaryWebhook hook(String name, String type, String url) {
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName(name);
    hook.setType(type);
    hook.setUrl(url);
    return hook;
  }
}

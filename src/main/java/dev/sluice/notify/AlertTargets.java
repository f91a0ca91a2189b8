package dev.sluice.notify;

import dev.sluice.analysis.Severity;
import dev.sluice.api.v1beta1.AlertProvider;
import dev.sluice.api.v1beta1.AlertProviderSpec;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAlert;
import dev.sluice.kube.ClusterCache;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one notification of a canary goes, as Flagger decides it: a canary with {@code
 * analysis.alerts} sends to those alerts' AlertProviders only, each filtered by its {@code
 * severity} ({@link SeverityFilter}); a canary without alerts sends everything to the default
 * notifier, when one is configured.
 *
 * <p>An alert that cannot be sent (bad severity, missing AlertProvider or Secret, no address,
 * unknown type) still yields a target, whose notifier fails with the reason, so that every problem
 * is reported where sends are reported. Reasons never hold a secret value.
 */
final class AlertTargets {
  /** The name failures of the default notifier are reported under. */
  static final String DEFAULT_ALERT = "default";

  /** One destination: the alert's name and the notifier that posts to its provider. */
  record Target(String alert, Notifier notifier) {}

  private final ClusterCache cache;
  private final NotifierFactory factory;
  private final Optional<Notifier> defaultNotifier;
  private final String defaultDescription;

  AlertTargets(ClusterCache cache, NotifierFactory factory, NotifyConfig.DefaultNotifier fallback) {
    this.cache = cache;
    this.factory = factory;
    Optional<String> address = fallback.address().filter(a -> !a.isBlank());
    String type = fallback.type().filter(t -> !t.isBlank()).orElse("slack");
    if (address.isEmpty()) {
      defaultNotifier = Optional.empty();
      defaultDescription = "no default notifier (sluice.notify.default.address is not set)";
      return;
    }
    AlertProviderSpec spec = new AlertProviderSpec();
    spec.setType(type);
    spec.setChannel(fallback.channel().orElse(null));
    spec.setUsername(fallback.username().orElse(null));
    var credentials = new ProviderCredentials(address.get(), fallback.proxy().orElse(null), null);
    Notifier notifier = factory.forProvider(spec, credentials);
    defaultNotifier = Optional.of(notifier);
    defaultDescription =
        notifier instanceof InvalidProviderNotifier invalid
            ? "default notifier is invalid: " + invalid.reason()
            : "default notifier: " + type + " at " + AddressMask.mask(address.get());
  }

  /** For the startup log line: type and masked host, never the address. */
  String describeDefault() {
    return defaultDescription;
  }

  boolean defaultValid() {
    return defaultNotifier.map(n -> !(n instanceof InvalidProviderNotifier)).orElse(true);
  }

  /** The targets of a notification of this severity, in the order of {@code analysis.alerts}. */
  List<Target> resolve(Canary canary, Severity severity) {
    var analysis = canary.getSpec() == null ? null : canary.getSpec().getAnalysis();
    List<CanaryAlert> alerts =
        analysis == null || analysis.getAlerts() == null ? List.of() : analysis.getAlerts();
    if (alerts.isEmpty()) {
      return defaultNotifier.map(n -> List.of(new Target(DEFAULT_ALERT, n))).orElse(List.of());
    }
    List<Target> targets = new ArrayList<>();
    for (CanaryAlert alert : alerts) {
      String name = alert.getName() == null ? "<unnamed>" : alert.getName();
      if (Severity.parse(alert.getSeverity()).isEmpty()) {
        targets.add(
            failing(name, "severity '" + alert.getSeverity() + "' is not info, warn or error"));
      } else if (SeverityFilter.shouldSend(severity, alert.getSeverity())) {
        targets.add(new Target(name, notifierOf(canary, alert)));
      }
    }
    return targets;
  }

  private Notifier notifierOf(Canary canary, CanaryAlert alert) {
    var ref = alert.getProviderRef();
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return new InvalidProviderNotifier("alert has no providerRef.name");
    }
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isBlank()
            ? canary.getMetadata().getNamespace()
            : ref.getNamespace();
    String shown = "AlertProvider " + namespace + "/" + ref.getName();
    Optional<AlertProvider> provider = cache.alertProvider(namespace, ref.getName());
    if (provider.isEmpty() || provider.get().getSpec() == null) {
      return new InvalidProviderNotifier(shown + " not found");
    }
    AlertProviderSpec spec = provider.get().getSpec();
    Map<String, String> secretData = null;
    if (spec.getSecretRef() != null && spec.getSecretRef().getName() != null) {
      String secretName = spec.getSecretRef().getName();
      Optional<Secret> secret = cache.secret(namespace, secretName);
      if (secret.isEmpty()) {
        return new InvalidProviderNotifier(
            "Secret " + namespace + "/" + secretName + " of " + shown + " not found");
      }
      secretData = secret.get().getData() == null ? Map.of() : secret.get().getData();
    }
    var resolution = ProviderCredentials.resolve(spec, secretData);
    if (resolution instanceof ProviderCredentials.Resolved resolved) {
      return factory.forProvider(spec, resolved.credentials());
    }
    return new InvalidProviderNotifier(
        shown + ": " + ((ProviderCredentials.Invalid) resolution).reason());
  }

  private static Target failing(String alert, String reason) {
    return new Target(alert, new InvalidProviderNotifier(reason));
  }
}

package dev.sluice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The controller's settings, all under {@code sluice.}; each key is documented in the README. */
@ConfigMapping(prefix = "sluice")
public interface SluiceConfig {

  /** Provider of canaries that name none, as Flagger's {@code -mesh-provider} flag. */
  @WithDefault("istio")
  String meshProvider();

  /** Prometheus of the builtin metrics, for canaries that set no {@code metricsServer}. */
  @WithDefault("http://prometheus:9090")
  String metricsServer();

  /** Namespace to watch; all namespaces when empty. */
  Optional<String> namespace();

  /** Analysis interval of canaries that name none. */
  @WithDefault("60s")
  Duration defaultInterval();

  /** Shortest accepted {@code analysis.interval}; a shorter one is a validation error. */
  @WithDefault("10s")
  Duration minInterval();

  /** Progress deadline of canaries that name none. */
  @WithDefault("600s")
  Duration defaultProgressDeadline();

  /** Pod labels whose value identifies the workload, tried in order (Flagger's selector labels). */
  @WithDefault("app,name,app.kubernetes.io/name")
  List<String> selectorLabels();
}

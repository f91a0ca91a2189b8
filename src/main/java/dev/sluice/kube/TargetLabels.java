package dev.sluice.kube;

import dev.sluice.config.SluiceConfig;
import dev.sluice.workload.LabelPolicy;
import dev.sluice.workload.SelectorLabel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The selector label of a target workload under the configured {@code sluice.selector-labels}. */
@ApplicationScoped
public class TargetLabels {
  @Inject SluiceConfig config;

  /** The selector label of a target Deployment, or an error naming why it has none. */
  public SelectorLabel of(Deployment target) {
    SelectorLabel.Lookup lookup = SelectorLabel.find(target, policy());
    if (lookup instanceof SelectorLabel.Invalid invalid) {
      throw new MissingObjectException("InvalidTarget", invalid.reason());
    }
    return ((SelectorLabel.Found) lookup).label();
  }

  /** Which labels select a target's pods, as configured. */
  public LabelPolicy policy() {
    return new LabelPolicy(config.selectorLabels(), List.of());
  }
}

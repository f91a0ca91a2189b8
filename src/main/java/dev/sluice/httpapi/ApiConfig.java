package dev.sluice.httpapi;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Settings of Sluice's HTTP API (gates and runtime control), under {@code sluice.api.}. */
@ConfigMapping(prefix = "sluice.api")
public interface ApiConfig {

  /**
   * Bearer token that every mutating endpoint (opening or closing a gate, a control request)
   * requires; when absent, those endpoints are open to anyone who reaches the port. Best set from a
   * Secret through {@code SLUICE_API_TOKEN}.
   */
  Optional<String> token();
}

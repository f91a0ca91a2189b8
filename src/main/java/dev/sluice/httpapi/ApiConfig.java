package dev.sluice.httpapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of Sluice's HTTP API (gates and runtime control), under {@code sluice.api.}. */
@ConfigMapping(prefix = "sluice.api")
public interface ApiConfig {

  /** How callers are authenticated and authorized. */
  enum Auth {
    /**
     * The caller's bearer token is a Kubernetes token, checked with a TokenReview; each call is
     * authorized for its canary with a SubjectAccessReview.
     */
    KUBERNETES,
    /**
     * Development only: the bearer token must be {@link #token()}, and whoever has it may do
     * everything on every canary.
     */
    STATIC_TOKEN
  }

  /** {@code kubernetes} (the default) or {@code static-token} (development only). */
  @WithDefault("kubernetes")
  Auth auth();

  /** The bearer token of {@code sluice.api.auth=static-token}; ignored otherwise. */
  Optional<String> token();

  /** How long a positive TokenReview or SubjectAccessReview is reused. */
  @WithDefault("10s")
  Duration reviewCacheTtl();

  /** How many positive reviews are kept at most, each kind on its own. */
  @WithDefault("1000")
  int reviewCacheSize();
}

package dev.sluice.httpapi;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.outbound.CredentialDigest;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the API server who a bearer token belongs to (TokenReview, authentication.k8s.io/v1) and
 * whether that caller may act on Flagger's canaries (SubjectAccessReview, authorization.k8s.io/v1),
 * so the HTTP API grants exactly what the caller's RBAC grants them with kubectl.
 *
 * <p>Positive answers are reused for {@code sluice.api.review-cache-ttl}; tokens are kept only as
 * their SHA-256 digest and never logged. Both calls block: call them on a worker thread.
 */
@ApplicationScoped
class KubernetesReviews {
  /** One question to the authorizer: may this caller do {@code verb} on canaries there. */
  private record Question(Caller caller, String verb, String namespace, String name) {}

  private final KubernetesClient client;
  private final ReviewCache<String, Caller> callers;
  private final ReviewCache<Question, Boolean> allowed;

  @Inject
  KubernetesReviews(KubernetesClient client, ApiConfig config, Clock clock) {
    this.client = client;
    this.callers = new ReviewCache<>(clock, config.reviewCacheTtl(), config.reviewCacheSize());
    this.allowed = new ReviewCache<>(clock, config.reviewCacheTtl(), config.reviewCacheSize());
  }

  /** The caller the token belongs to, or empty when the API server does not authenticate it. */
  Optional<Caller> authenticate(String token) {
    String digest = CredentialDigest.of(token);
    Optional<Caller> known = callers.get(digest);
    if (known.isPresent()) {
      return known;
    }
    TokenReview review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    TokenReviewStatus status = review.getStatus();
    if (status == null
        || !Boolean.TRUE.equals(status.getAuthenticated())
        || status.getUser() == null
        || status.getUser().getUsername() == null
        || status.getUser().getUsername().isEmpty()) {
      return Optional.empty();
    }
    Caller caller = caller(status.getUser());
    callers.put(digest, caller);
    return Optional.of(caller);
  }

  /**
   * Whether {@code caller} may {@code verb} the canary {@code name} in {@code namespace}; a null
   * name asks about every canary there, an empty namespace about every namespace.
   */
  boolean allows(Caller caller, String verb, String namespace, String name) {
    if (caller.unrestricted()) {
      return true;
    }
    Question question = new Question(caller, verb, namespace, name);
    if (allowed.get(question).isPresent()) {
      return true;
    }
    SubjectAccessReview review =
        client
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(caller.user())
                    .withUid(caller.uid())
                    .withGroups(caller.groups())
                    .withExtra(caller.extra())
                    .withNewResourceAttributes()
                    .withGroup(Canary.GROUP)
                    .withResource("canaries")
                    .withVerb(verb)
                    .withNamespace(namespace)
                    .withName(name)
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    boolean yes =
        review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    if (yes) {
      allowed.put(question, true);
    }
    return yes;
  }

  private static Caller caller(UserInfo user) {
    return new Caller(
        user.getUsername(),
        user.getUid() == null ? "" : user.getUid(),
        user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
        user.getExtra() == null ? Map.of() : Map.copyOf(user.getExtra()),
        false);
  }
}

package dev.sluice.httpapi;

import java.util.List;
import java.util.Map;

/**
 * Who called the HTTP API, as the API server's TokenReview named them; passed on unchanged to each
 * SubjectAccessReview, so RBAC decides on the same user, groups and extra attributes as it would
 * for their own kubectl call.
 *
 * @param unrestricted true only for the development-only static token, which RBAC never sees
 */
record Caller(
    String user,
    String uid,
    List<String> groups,
    Map<String, List<String>> extra,
    boolean unrestricted) {

  /** The caller of {@code sluice.api.auth=static-token}. */
  static final Caller STATIC_TOKEN = new Caller("static-token", "", List.of(), Map.of(), true);

  @Override
  public String toString() {
    return user;
  }
}

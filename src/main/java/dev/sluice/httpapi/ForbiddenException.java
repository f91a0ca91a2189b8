package dev.sluice.httpapi;

/** A call the caller may not make, refused with 403; the message says what RBAC did not allow. */
final class ForbiddenException extends RuntimeException {
  ForbiddenException(String reason) {
    super(reason);
  }
}

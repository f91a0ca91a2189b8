package dev.sluice.httpapi;

/** A request Sluice's HTTP API refuses with 400; the message is the one-line reason it returns. */
final class BadRequestException extends RuntimeException {
  BadRequestException(String reason) {
    super(reason);
  }
}

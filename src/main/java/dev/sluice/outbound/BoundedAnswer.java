package dev.sluice.outbound;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A complete answer, its body no larger than the request's cap. */
public record BoundedAnswer(int status, MultiMap headers, Buffer body) {

  /** The first value of header {@code name}, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  public String bodyAsString() {
    return body.toString();
  }
}

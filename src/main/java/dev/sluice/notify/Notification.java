package dev.sluice.notify;

import dev.sluice.analysis.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One message about a canary, before it is shaped for a chat service.
 *
 * @param canaryName the Canary's name
 * @param namespace the Canary's namespace
 * @param phase the phase the message is about (Flagger's phase names), may be null
 * @param message the text shown to people
 * @param severity how bad it is; alerts filter on it
 * @param fields extra facts shown in order, e.g. failing metric values
 */
public record Notification(
    String canaryName,
    String namespace,
    String phase,
    String message,
    Severity severity,
    List<Field> fields) {

  /** One named fact, e.g. {@code request-success-rate = 91.2 (min 99)}. */
  public record Field(String name, String value) {}

  public Notification {
    Objects.requireNonNull(canaryName, "canaryName");
    Objects.requireNonNull(namespace, "namespace");
    message = message == null ? "" : message;
    severity = severity == null ? Severity.INFO : severity;
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** {@code name.namespace}, as Flagger shows a canary in chat. */
  public String subject() {
    return canaryName + "." + namespace;
  }
}

package dev.sluice.notify;

/** What posting a notification gave. Reasons never contain a webhook address: those are secrets. */
public sealed interface NotifyResult {

  /** The service accepted the message with a 2xx status. */
  record Sent(int status) implements NotifyResult {}

  /** Not delivered: invalid provider, HTTP error, transport error or timeout. */
  record Failed(String reason) implements NotifyResult {}
}

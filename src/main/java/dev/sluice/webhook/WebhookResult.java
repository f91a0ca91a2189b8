package dev.sluice.webhook;

/**
 * What one webhook call came to, after its retries.
 *
 * @param passed the receiver answered 200, 201 or 202 (see {@link WebhookClient})
 * @param status the last HTTP status received, 0 when no answer came (refused, timed out, bad URL)
 * @param attempts requests sent, 1 + retries used; 0 when the hook could not be called at all
 * @param reason for people: the hook's name, its URL with secrets masked, the status and the length
 *     of the receiver's answer (never the answer itself), or the transport error
 */
public record WebhookResult(boolean passed, int status, int attempts, String reason) {

  static WebhookResult passed(int status, int attempts, String reason) {
    return new WebhookResult(true, status, attempts, reason);
  }

  static WebhookResult failed(int status, int attempts, String reason) {
    return new WebhookResult(false, status, attempts, reason);
  }
}

package dev.sluice.notify;

/**
 * Sends a {@link Notification} to one chat service in that service's own payload format.
 *
 * <p>Contract: {@link #post} blocks the calling worker thread for at most the transport's timeout
 * (plus a short grace), must not be called on an event-loop thread, never throws, and never puts
 * the webhook address, token or proxy credentials into a result or a log line.
 */
public interface Notifier {

  NotifyResult post(Notification notification);
}

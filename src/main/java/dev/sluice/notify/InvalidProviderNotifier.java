package dev.sluice.notify;

/**
 * Stands in for a provider that cannot be built (unknown type, no address): every post fails with
 * the same reason, so a misconfiguration is reported on each attempt instead of being a no-op.
 */
public final class InvalidProviderNotifier implements Notifier {
  private final String reason;

  public InvalidProviderNotifier(String reason) {
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  @Override
  public NotifyResult post(Notification notification) {
    return new NotifyResult.Failed(reason);
  }
}

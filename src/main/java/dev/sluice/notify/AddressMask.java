package dev.sluice.notify;

import java.net.URI;

/**
 * Webhook addresses carry their credential in the path or query (Slack, Teams, Discord, Google
 * Chat), so only scheme and host may be shown in a reason or a log line.
 */
final class AddressMask {
  private AddressMask() {}

  /** {@code https://hooks.slack.com/services/T/B/X} becomes {@code https://hooks.slack.com/***}. */
  static String mask(String address) {
    if (address == null || address.isBlank()) {
      return "<no address>";
    }
    try {
      URI uri = URI.create(address.strip());
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme() + "://" + uri.getHost() + "/***";
      }
    } catch (IllegalArgumentException e) {
      // an address that does not even parse is shown as fully hidden
    }
    return "***";
  }

  /** Replaces every occurrence of the secrets in {@code text} (e.g. an exception message). */
  static String scrub(String text, String... secrets) {
    if (text == null) {
      return "";
    }
    String scrubbed = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        scrubbed = scrubbed.replace(secret.strip(), "***");
        URI uri = parse(secret);
        if (uri != null && uri.getRawPath() != null && uri.getRawPath().length() > 1) {
          scrubbed = scrubbed.replace(uri.getRawPath(), "/***");
        }
        if (uri != null && uri.getRawUserInfo() != null) {
          scrubbed = scrubbed.replace(uri.getRawUserInfo(), "***");
        }
      }
    }
    return scrubbed;
  }

  private static URI parse(String address) {
    try {
      return URI.create(address.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

package dev.sluice.notify;

import dev.sluice.api.v1beta1.AlertProviderSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Where an AlertProvider posts to, after its {@code secretRef} is applied.
 *
 * @param address the webhook or API address (a secret)
 * @param proxy an HTTP(S) proxy address, or null
 * @param token a bearer token (Slack's {@code chat.postMessage}), or null
 */
public record ProviderCredentials(String address, String proxy, String token) {

  /** The Secret keys Flagger reads from an AlertProvider's {@code secretRef}. */
  public static final String ADDRESS_KEY = "address";

  public static final String PROXY_KEY = "proxy";
  public static final String TOKEN_KEY = "token";

  /** A resolution: credentials, or why there are none (never containing a secret value). */
  public sealed interface Resolution {}

  public record Resolved(ProviderCredentials credentials) implements Resolution {}

  public record Invalid(String reason) implements Resolution {}

  /**
   * Applies the Secret's data over the spec, as Flagger does: the Secret's {@code address} and
   * {@code proxy} win over {@code spec.address} and {@code spec.proxy}; {@code token} only comes
   * from the Secret. Values are trimmed (a pasted trailing newline breaks a URL).
   *
   * @param spec the AlertProvider spec
   * @param secretData the referenced Secret's {@code data} (base64 values, as the API returns
   *     them), or null when the provider has no {@code secretRef}
   */
  public static Resolution resolve(AlertProviderSpec spec, Map<String, String> secretData) {
    String address = blankToNull(spec.getAddress());
    String proxy = blankToNull(spec.getProxy());
    String token = null;
    if (secretData != null) {
      try {
        address = firstNonNull(decode(secretData.get(ADDRESS_KEY)), address);
        proxy = firstNonNull(decode(secretData.get(PROXY_KEY)), proxy);
        token = decode(secretData.get(TOKEN_KEY));
      } catch (IllegalArgumentException e) {
        return new Invalid("the Secret of secretRef holds a value that is not valid base64");
      }
    }
    if (address == null) {
      return new Invalid(
          secretData == null
              ? "AlertProvider has neither spec.address nor a secretRef"
              : "AlertProvider has no spec.address and its Secret has no 'address' key");
    }
    return new Resolved(new ProviderCredentials(address, proxy, token));
  }

  @Override
  public String toString() {
    return "ProviderCredentials[address="
        + AddressMask.mask(address)
        + ", proxy="
        + (proxy == null ? "none" : AddressMask.mask(proxy))
        + ", token="
        + (token == null ? "none" : "***")
        + "]";
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    return blankToNull(
        new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}

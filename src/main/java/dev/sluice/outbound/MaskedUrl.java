package dev.sluice.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A webhook URL split into what may be shown and what must not: the user info (sent as basic
 * authentication, as Go's HTTP client does) and the query values (often tokens) are masked wherever
 * the URL is written into a reason, a log line, status or an Event. Webhooks and Prometheus
 * addresses alike.
 */
public record MaskedUrl(
    String target, String shown, String username, String password, List<String> secrets) {
  private static final String MASK = "***";

  /** What may be shown of any URL: credentials and query values masked. */
  public static String show(String url) {
    return parse(url).map(MaskedUrl::shown).orElseGet(() -> unparseable(url));
  }

  /** Parses an http(s) URL; empty when it is not one. */
  public static Optional<MaskedUrl> parse(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      return Optional.empty();
    }
    List<String> secrets = new ArrayList<>();
    String username = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String raw = uri.getRawUserInfo();
      int colon = raw.indexOf(':');
      username = decode(colon < 0 ? raw : raw.substring(0, colon));
      password = colon < 0 ? "" : decode(raw.substring(colon + 1));
      secrets.add(raw);
      secrets.add(username);
      secrets.add(password);
    }
    String maskedQuery = null;
    if (uri.getRawQuery() != null) {
      List<String> pairs = new ArrayList<>();
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          pairs.add(pair);
        } else {
          pairs.add(pair.substring(0, eq + 1) + MASK);
          secrets.add(pair.substring(eq + 1));
          secrets.add(decode(pair.substring(eq + 1)));
        }
      }
      maskedQuery = String.join("&", pairs);
    }
    String hostPort = uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1);
    String pathAndQuery =
        (uri.getRawPath() == null ? "" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String target = scheme + "://" + hostPort + pathAndQuery;
    String shown =
        scheme
            + "://"
            + (uri.getRawUserInfo() == null ? "" : MASK + "@")
            + hostPort
            + (uri.getRawPath() == null ? "" : uri.getRawPath())
            + (maskedQuery == null ? "" : "?" + maskedQuery);
    secrets.removeIf(s -> s == null || s.length() < 3);
    return Optional.of(new MaskedUrl(target, shown, username, password, List.copyOf(secrets)));
  }

  /** The text with every secret of this URL masked: transport errors may echo the URL. */
  public String scrub(String text) {
    if (text == null) {
      return "";
    }
    String scrubbed = text;
    for (String secret : secrets) {
      scrubbed = scrubbed.replace(secret, MASK);
    }
    return scrubbed;
  }

  /**
   * What a URL that cannot be parsed may show: nothing after the scheme, since user info or a token
   * may be anywhere in it.
   */
  public static String unparseable(String url) {
    if (url == null) {
      return "<none>";
    }
    int scheme = url.indexOf("://");
    return scheme < 0 ? MASK : url.substring(0, scheme + 3) + MASK;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}

package dev.sluice.outbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a map keeps in place of a text that may hold a credential (an address with user info, a
 * proxy with its password, a bearer token): its SHA-256 in hex, so that keys held for a while, and
 * whatever dumps them, show no secret.
 */
public final class CredentialDigest {
  private CredentialDigest() {}

  public static String of(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

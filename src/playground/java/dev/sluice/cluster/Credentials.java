package dev.sluice.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets a new control plane is started with, written into its private folder (mode 600) and
 * never logged: the key that signs service-account tokens, and the admin's bearer token (a static
 * token of a user in {@code system:masters}).
 */
record Credentials(Path serviceAccountKey, Path tokenFile, String adminToken) {

  static final String ADMIN_USER = "sluice-admin";

  static Credentials create(Path dir) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      Path key = dir.resolve("service-account.key");
      writePrivate(key, pem("PRIVATE KEY", pkcs8));

      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tokens = dir.resolve("tokens.csv");
      // token,user,uid,"groups"
      writePrivate(tokens, token + "," + ADMIN_USER + "," + ADMIN_USER + ",\"system:masters\"\n");
      return new Credentials(key, tokens, token);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the service-account signing key", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static void writePrivate(Path file, String content) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Credentials[" + serviceAccountKey + ", " + tokenFile + "]";
  }
}

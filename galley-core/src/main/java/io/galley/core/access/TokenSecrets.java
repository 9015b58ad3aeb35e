package io.galley.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes API token secrets and their hashes. A secret is {@code galley_<id>_<secret>}: the id (12
 * random characters) names the token in listings and logs, the rest is 32 random bytes. Only the
 * SHA-256 of the whole secret is stored, and a presented secret is found by that hash, so nothing
 * the server keeps can be used to sign in.
 */
public final class TokenSecrets {
  /** What the CLI, MLflow clients and Docker send; also how secret scanners can spot one. */
  public static final String PREFIX = "galley_";

  private static final Pattern SHAPE = Pattern.compile("galley_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
  private static final char[] ID_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /** A fresh token: its id, the secret to show once, and the hash to store. */
  public record Issued(String id, String secret, String secretHash) {
    @Override
    public String toString() {
      return "Issued[id=" + id + "]"; // the secret stays out of logs
    }
  }

  public static Issued issue() {
    char[] id = new char[12];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret =
        PREFIX
            + new String(id)
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return new Issued(new String(id), secret, hash(secret));
  }

  /** Whether {@code text} has a token's shape (for telling a token from a password). */
  public static boolean looksLikeToken(String text) {
    return SHAPE.matcher(text).matches();
  }

  /** The hex SHA-256 of a presented secret, to look the token up by. */
  public static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}

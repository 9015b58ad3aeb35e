package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest in OCI's form, {@code sha256:<64 lowercase hex>}; {@link #toString()} is that
 * wire form. Only sha256 is accepted.
 */
public record Digest(String hex) {
  public static final String ALGORITHM = "sha256";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    requireNonNull(hex, "hex");
    if (!HEX.matcher(hex).matches()) {
      throw new InvalidRequestException(
          "Invalid sha256 digest '" + hex + "': expected 64 hex digits");
    }
  }

  /** Parses {@code sha256:<hex>}. */
  public static Digest parse(String value) {
    requireNonNull(value, "value");
    if (!value.startsWith(ALGORITHM + ":")) {
      throw new InvalidRequestException(
          "Invalid digest '" + value + "': expected sha256:<64 lowercase hex digits>");
    }
    return new Digest(value.substring(ALGORITHM.length() + 1));
  }

  /** The digest of a finished sha256 computation's 32 bytes. */
  public static Digest ofSha256(byte[] sha256) {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 is 32 bytes, got " + sha256.length);
    }
    return new Digest(HexFormat.of().formatHex(sha256));
  }

  @Override
  public String toString() {
    return ALGORITHM + ":" + hex;
  }
}

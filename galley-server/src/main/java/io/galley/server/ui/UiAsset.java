package io.galley.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** One file the UI serves: its bytes, content type and an ETag from its content. */
record UiAsset(byte[] bytes, String contentType, String etag) {

  /** Loads {@code resource} (an absolute classpath name) if it exists. */
  static Optional<UiAsset> load(String resource) {
    try (InputStream in = UiAsset.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new UiAsset(bytes, contentType(resource), etag(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contentType(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (lower.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (lower.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (lower.endsWith(".svg")) {
      return "image/svg+xml";
    } else if (lower.endsWith(".json")) {
      return "application/json";
    }
    return "text/plain; charset=utf-8";
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

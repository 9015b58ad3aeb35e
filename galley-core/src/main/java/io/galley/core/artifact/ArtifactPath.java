package io.galley.core.artifact;

import static java.util.Objects.requireNonNull;

import io.galley.core.InvalidRequestException;

/**
 * A relative path inside a run's artifact tree, in normal form: segments joined by {@code /}, no
 * empty, {@code .} or {@code ..} segment, no leading or trailing slash, no backslash, no NUL or
 * other control character. {@link #ROOT} (the empty path) names the tree itself. Parsing refuses
 * anything that could name a place outside the tree.
 */
public record ArtifactPath(String value) {
  public static final ArtifactPath ROOT = new ArtifactPath("");
  public static final int MAX_LENGTH = 4096;

  public ArtifactPath {
    requireNonNull(value, "value");
    check(value);
  }

  /** Parses a path as a client sent it (already URL-decoded); null or empty is the root. */
  public static ArtifactPath parse(String raw) {
    return raw == null || raw.isEmpty() ? ROOT : new ArtifactPath(raw);
  }

  public boolean isRoot() {
    return value.isEmpty();
  }

  /** The last segment; empty for the root. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  public ArtifactPath resolve(String relative) {
    ArtifactPath child = parse(relative);
    if (child.isRoot()) {
      return this;
    }
    return isRoot() ? child : new ArtifactPath(value + "/" + child.value);
  }

  /** Whether this path is {@code other} or lies below it. */
  public boolean startsWith(ArtifactPath other) {
    return other.isRoot() || value.equals(other.value) || value.startsWith(other.value + "/");
  }

  @Override
  public String toString() {
    return value;
  }

  private static void check(String value) {
    if (value.isEmpty()) {
      return;
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid(value, "longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(value, "it contains a control character");
      }
      if (c == '\\') {
        throw invalid(value, "it contains a backslash");
      }
    }
    if (value.startsWith("/")) {
      throw invalid(value, "it is absolute");
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(value, "it has an empty, '.' or '..' segment");
      }
    }
  }

  private static InvalidRequestException invalid(String value, String why) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "…" : value;
    return new InvalidRequestException(
        "Invalid artifact path '" + shown.replace("\0", "\\0") + "': " + why);
  }
}

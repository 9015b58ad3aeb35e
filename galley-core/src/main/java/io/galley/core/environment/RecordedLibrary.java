package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One library a run had on its class path.
 *
 * @param name {@code groupId:artifactId} when the jar carries Maven coordinates, else its file
 *     name: what identifies "the same library" across runs
 * @param version the Maven version; null without coordinates
 * @param sha256 the jar's sha256 as 64 lowercase hex digits; null when not recorded (tags carry no
 *     hashes)
 * @param fileName the jar's file name; null when only tags recorded the library
 */
public record RecordedLibrary(
    String name, @Nullable String version, @Nullable String sha256, @Nullable String fileName) {

  public RecordedLibrary {
    requireNonNull(name, "name");
  }

  /** The first {@code n} hex digits of the hash, or "-" when none was recorded. */
  public String shortSha256(int n) {
    return sha256 == null ? "-" : sha256.substring(0, Math.min(n, sha256.length()));
  }
}

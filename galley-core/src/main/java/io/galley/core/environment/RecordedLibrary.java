package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  // The name runs up to the first "-<digit>": jspecify-1.0.0.jar, h2-2.3.232.jar,
  // x-1.0-SNAPSHOT.jar.
  private static final Pattern VERSIONED_JAR = Pattern.compile("^(.+?)-(\\d[^/]*)\\.jar$");

  public RecordedLibrary {
    requireNonNull(name, "name");
  }

  /**
   * A jar without Maven coordinates, named and versioned after its file name where it reads as
   * {@code <name>-<version>.jar}, so that {@code h2-2.3.232.jar} and {@code h2-2.4.240.jar} compare
   * as one library at two versions rather than two unrelated ones; else named by the whole file
   * name, without a version.
   */
  public static RecordedLibrary fromFileName(String fileName, @Nullable String sha256) {
    Matcher m = VERSIONED_JAR.matcher(requireNonNull(fileName, "fileName"));
    return m.matches()
        ? new RecordedLibrary(m.group(1), m.group(2), sha256, fileName)
        : new RecordedLibrary(fileName, null, sha256, fileName);
  }

  /** The first {@code n} hex digits of the hash, or "-" when none was recorded. */
  public String shortSha256(int n) {
    return sha256 == null ? "-" : sha256.substring(0, Math.min(n, sha256.length()));
  }
}

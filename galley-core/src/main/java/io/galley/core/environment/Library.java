package io.galley.core.environment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One class path entry, as capture found it or as a run's tags recorded it.
 *
 * @param path the absolute path; null when only tags recorded the library
 * @param fileName its last segment, e.g. {@code jackson-databind-2.19.2.jar}; null when only tags
 *     recorded the library
 * @param directory true for a class directory (not hashed, no coordinates)
 * @param sizeBytes the jar's size; 0 for a directory or when not recorded
 * @param sha256 the jar's sha256 as 64 lowercase hex digits; null for a directory, when hashing was
 *     turned off, or when only tags recorded the library
 * @param maven the coordinates of the jar's own {@code META-INF/maven/.../pom.properties}: the one
 *     whose artifactId the file name starts with, else the only one; null when there is none
 * @param embedded coordinates of other {@code pom.properties} the jar holds (a shaded jar's
 *     contents), sorted
 */
public record Library(
    @Nullable String path,
    @Nullable String fileName,
    boolean directory,
    long sizeBytes,
    @Nullable String sha256,
    @Nullable MavenCoordinates maven,
    List<MavenCoordinates> embedded) {

  // The name runs up to the first "-<digit>": jspecify-1.0.0.jar, h2-2.3.232.jar,
  // x-1.0-SNAPSHOT.jar.
  private static final Pattern VERSIONED_JAR = Pattern.compile("^(.+?)-(\\d[^/]*)\\.jar$");

  public Library {
    if (fileName == null && maven == null) {
      throw new IllegalArgumentException("a library needs a file name or Maven coordinates");
    }
    embedded = List.copyOf(embedded);
  }

  /** A library known only by its coordinates, as a run's {@code galley.env.lib.*} tags hold it. */
  public static Library ofCoordinates(MavenCoordinates maven) {
    return new Library(null, null, false, 0, null, requireNonNull(maven, "maven"), List.of());
  }

  /** This entry without its hash. */
  public Library withoutHash() {
    return new Library(path, fileName, directory, sizeBytes, null, maven, embedded);
  }

  /**
   * What identifies "the same library" across runs: {@code groupId:artifactId} when the jar carries
   * Maven coordinates; else its file name up to the version where it reads as {@code
   * <name>-<version>.jar}, so that {@code h2-2.3.232.jar} and {@code h2-2.4.240.jar} compare as one
   * library at two versions rather than two unrelated ones; else the whole file name.
   */
  public String name() {
    if (maven != null) {
      return maven.groupId() + ":" + maven.artifactId();
    }
    String file = requireNonNull(fileName);
    Matcher m = VERSIONED_JAR.matcher(file);
    return m.matches() ? m.group(1) : file;
  }

  /** The Maven version, else the one the file name shows; null when neither has one. */
  public @Nullable String version() {
    if (maven != null) {
      return maven.version();
    }
    Matcher m = VERSIONED_JAR.matcher(requireNonNull(fileName));
    return m.matches() ? m.group(2) : null;
  }

  /** The first {@code n} hex digits of the hash, or "-" when none was recorded. */
  public String shortSha256(int n) {
    return sha256 == null ? "-" : sha256.substring(0, Math.min(n, sha256.length()));
  }
}

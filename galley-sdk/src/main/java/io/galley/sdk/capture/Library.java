package io.galley.sdk.capture;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One class path entry.
 *
 * @param path the absolute path
 * @param fileName its last segment, e.g. {@code jackson-databind-2.19.2.jar}
 * @param directory true for a class directory (not hashed, no coordinates)
 * @param sizeBytes the jar's size; 0 for a directory
 * @param sha256 the jar's sha256 as 64 lowercase hex digits; null for a directory or when hashing
 *     was turned off
 * @param maven the coordinates of the jar's own {@code META-INF/maven/.../pom.properties}: the one
 *     whose artifactId the file name starts with, else the only one; null when there is none
 * @param embedded coordinates of other {@code pom.properties} the jar holds (a shaded jar's
 *     contents), sorted
 */
public record Library(
    String path,
    String fileName,
    boolean directory,
    long sizeBytes,
    @Nullable String sha256,
    @Nullable MavenCoordinates maven,
    List<MavenCoordinates> embedded) {

  public Library {
    requireNonNull(path, "path");
    requireNonNull(fileName, "fileName");
    embedded = List.copyOf(embedded);
  }

  /** This entry without its hash. */
  public Library withoutHash() {
    return new Library(path, fileName, directory, sizeBytes, null, maven, embedded);
  }
}

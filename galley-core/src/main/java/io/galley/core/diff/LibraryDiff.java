package io.galley.core.diff;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One library on the class path of either run, by name ({@code groupId:artifactId}, else the jar's
 * file name).
 *
 * @param change what changed from A to B
 * @param versionA A's version; null when A lacks the library or its coordinates
 * @param sha256A A's jar hash; null when A lacks the library or recorded no hash
 */
public record LibraryDiff(
    String name,
    LibraryChange change,
    @Nullable String versionA,
    @Nullable String versionB,
    @Nullable String sha256A,
    @Nullable String sha256B) {

  /** How a library changed from run A to run B. */
  public enum LibraryChange {
    SAME,
    /** Only B has it. */
    ADDED,
    /** Only A has it. */
    REMOVED,
    VERSION_CHANGED,
    /**
     * Same version, different bytes: a rebuilt snapshot, a patched or shaded jar, a different
     * repository's artifact. The one a version list cannot show, and the one that surprises.
     */
    CONTENT_CHANGED
  }

  public LibraryDiff {
    requireNonNull(name, "name");
    requireNonNull(change, "change");
  }

  static LibraryDiff of(
      String name,
      boolean inA,
      boolean inB,
      @Nullable String versionA,
      @Nullable String versionB,
      @Nullable String sha256A,
      @Nullable String sha256B) {
    LibraryChange change;
    if (!inA) {
      change = LibraryChange.ADDED;
    } else if (!inB) {
      change = LibraryChange.REMOVED;
    } else if (!Objects.equals(versionA, versionB)) {
      change = LibraryChange.VERSION_CHANGED;
    } else if (sha256A != null && sha256B != null && !sha256A.equals(sha256B)) {
      change = LibraryChange.CONTENT_CHANGED;
    } else {
      change = LibraryChange.SAME; // a hash only one run recorded proves nothing either way
    }
    return new LibraryDiff(name, change, versionA, versionB, sha256A, sha256B);
  }

  public boolean matters() {
    return change != LibraryChange.SAME;
  }
}

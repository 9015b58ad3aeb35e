package io.galley.server.mlflow;

import io.galley.core.NotFoundException;
import io.galley.core.artifact.Artifact;
import io.galley.core.artifact.ArtifactPath;
import io.galley.core.artifact.FileInfo;
import io.galley.core.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registered version's own files under MLflow's artifact proxy, at {@code
 * models/<name>/versions/<version>/<path>}: the files (and blobs) the version kept when it was
 * registered. A version's download URI points here, so what a client downloads is what was
 * registered, even after the run's artifacts were overwritten or deleted. Read-only.
 */
final class VersionFiles {
  static final String ROOT = "models";
  private static final String VERSIONS = "versions";

  /** A place in one version's files. */
  record Location(String name, long version, ArtifactPath path) {}

  private final ModelRegistry registry;

  VersionFiles(ModelRegistry registry) {
    this.registry = registry;
  }

  /** The proxy-relative location of a version's files, for its {@code mlflow-artifacts:/} URI. */
  static String root(String name, long version) {
    return ROOT + "/" + name + "/" + VERSIONS + "/" + version;
  }

  /**
   * The version location a proxy path (decoded, checked for traversal) names; empty when it is not
   * under {@code models/}, or names no version (a malformed version number names none).
   */
  static Optional<Location> parse(ArtifactPath whole) {
    String[] segments = whole.value().split("/", 5);
    if (segments.length < 4 || !segments[0].equals(ROOT) || !segments[2].equals(VERSIONS)) {
      return Optional.empty();
    }
    long version;
    try {
      version = Long.parseLong(segments[3]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    ArtifactPath path = ArtifactPath.parse(segments.length == 5 ? segments[4] : "");
    return Optional.of(new Location(segments[1], version, path));
  }

  /** Whether a proxy path lies under {@code models/}, where nothing can be written. */
  static boolean isUnderRoot(ArtifactPath whole) {
    return whole.startsWith(ArtifactPath.parse(ROOT));
  }

  /** Whether the version kept any files (false for a version whose source is a plain URI). */
  boolean hasFiles(String name, long version) {
    return !registry.versionFiles(name, version).isEmpty();
  }

  /**
   * The direct children of {@code at}, paths relative to the version's root as the run listing
   * gives them; nothing for a file, a missing directory or an unknown version, as MLflow answers.
   */
  List<FileInfo> children(Location at) {
    List<Artifact> files;
    try {
      files = registry.versionFiles(at.name(), at.version());
    } catch (NotFoundException e) {
      return List.of();
    }
    List<FileInfo> children = new ArrayList<>();
    String lastDir = null;
    for (Artifact file : files) { // sorted by path, so a directory's files are adjacent
      if (file.path().equals(at.path()) || !file.path().startsWith(at.path())) {
        continue;
      }
      String rest =
          at.path().isRoot()
              ? file.path().value()
              : file.path().value().substring(at.path().value().length() + 1);
      int slash = rest.indexOf('/');
      if (slash < 0) {
        children.add(new FileInfo(file.path().value(), false, file.size()));
      } else {
        String dir = at.path().resolve(rest.substring(0, slash)).value();
        if (!dir.equals(lastDir)) {
          children.add(new FileInfo(dir, true, null));
          lastDir = dir;
        }
      }
    }
    children.sort(java.util.Comparator.comparing(FileInfo::path));
    return children;
  }

  Artifact file(Location at) {
    return registry
        .findVersionFile(at.name(), at.version(), at.path())
        .orElseThrow(
            () ->
                new NotFoundException(
                    "No file '"
                        + at.path()
                        + "' in model '"
                        + at.name()
                        + "' version "
                        + at.version()));
  }
}

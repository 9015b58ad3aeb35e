package io.galley.core.artifact;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;

/** One file of a run's artifact tree: where it is and which blob holds its bytes. */
public record Artifact(ArtifactPath path, Digest digest, long size) {
  public Artifact {
    requireNonNull(path, "path");
    requireNonNull(digest, "digest");
    if (path.isRoot()) {
      throw new IllegalArgumentException("an artifact file needs a path");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
  }
}

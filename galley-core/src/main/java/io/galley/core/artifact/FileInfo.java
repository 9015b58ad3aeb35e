package io.galley.core.artifact;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An entry of a directory listing as MLflow returns it: a path relative to the tree's root, and
 * either a directory or a file with its size.
 */
public record FileInfo(String path, boolean isDir, @Nullable Long fileSize) {
  public FileInfo {
    requireNonNull(path, "path");
  }
}

package io.galley.client.mlflow;

import io.galley.core.artifact.FileInfo;
import org.jspecify.annotations.Nullable;

/**
 * MLflow's {@code FileInfo}: {@code is_dir} always written, {@code file_size} only for files, as
 * MLflow sets them.
 */
public record FileInfoJson(String path, boolean isDir, @Nullable Long fileSize) {
  /** The entry under another path, e.g. relative to the listed directory. */
  public static FileInfoJson of(FileInfo info, String path) {
    return new FileInfoJson(path, info.isDir(), info.isDir() ? null : info.fileSize());
  }
}

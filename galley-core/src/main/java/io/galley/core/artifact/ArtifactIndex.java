package io.galley.core.artifact;

import io.galley.core.blob.Digest;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to runs' artifact trees in the metadata store. Writes need an active run ({@link
 * io.galley.core.NotFoundException} for an unknown run, {@link
 * io.galley.core.InvalidRequestException} for a deleted one); reads work on deleted runs too. A
 * path is either a file or a directory: putting a file where a directory is (or below a file) is
 * refused.
 */
public interface ArtifactIndex {

  /** Records the file, replacing any file at that path. */
  void put(String runId, Artifact artifact);

  Optional<Artifact> find(String runId, ArtifactPath path);

  /**
   * The direct children of {@code dir}, directories and files, sorted by path. Empty when nothing
   * is there and when {@code dir} is a file, as MLflow answers: its clients take a non-empty
   * listing to mean a directory.
   */
  List<FileInfo> list(String runId, ArtifactPath dir);

  /** Every file at or below {@code path} (the whole tree for the root), sorted by path. */
  List<Artifact> walk(String runId, ArtifactPath path);

  /** Removes the file, or every file below the directory, at {@code path}; returns how many. */
  int delete(String runId, ArtifactPath path);

  /** Each digest some run's tree refers to, once (for garbage collection). */
  void forEachReferencedDigest(Consumer<Digest> action);
}

package io.galley.core.registry;

import io.galley.core.artifact.Artifact;
import java.util.List;

/**
 * Keeps the files a new model version will name stored until the version is committed: a version
 * copies only references to its source's blobs, and the source's run or version may lose them to a
 * deletion and a collection while the copy is made. Called inside the transaction, after the
 * source's files were read; what it returns is closed once the transaction has ended.
 */
@FunctionalInterface
public interface VersionFileHold {
  /** For stores with no blobs to keep (tests of the metadata alone). */
  VersionFileHold NONE = files -> () -> {};

  /**
   * Holds the files' blobs against collection, or refuses with {@link
   * io.galley.core.ErrorCode#RESOURCE_CONFLICT} when one is no longer stored.
   */
  Held hold(List<Artifact> files);

  /** What {@link #hold} holds, until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}

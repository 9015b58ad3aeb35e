package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;

/**
 * One piece of an upload in progress: its bytes are a blob of their own in the blob store, stored
 * under their digest, placed at {@code offset} of the blob being uploaded.
 */
public record UploadChunk(long offset, Digest digest, long size) {
  public UploadChunk {
    requireNonNull(digest, "digest");
    if (offset < 0 || size <= 0) {
      throw new IllegalArgumentException("chunk at " + offset + " of " + size + " bytes");
    }
  }

  /** The offset just past this chunk. */
  public long end() {
    return offset + size;
  }
}

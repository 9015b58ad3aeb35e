package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

/** A stored blob: its digest and its size in bytes. */
public record BlobInfo(Digest digest, long size) {
  public BlobInfo {
    requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
  }
}

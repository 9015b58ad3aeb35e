package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A blob as the store lists it for garbage collection: its digest, size and when it was last stored
 * — when it became visible, or when a later put of the same bytes found it already there.
 */
public record StoredBlob(Digest digest, long size, Instant storedAt) {
  public StoredBlob {
    requireNonNull(digest, "digest");
    requireNonNull(storedAt, "storedAt");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
  }

  public BlobInfo info() {
    return new BlobInfo(digest, size);
  }
}

package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

/**
 * A blob just stored, held against garbage collection until closed: close it once the reference to
 * it is committed (see {@link BlobLeases}).
 */
public record LeasedBlob(BlobInfo info, BlobLeases.Lease lease) implements AutoCloseable {
  public LeasedBlob {
    requireNonNull(info, "info");
    requireNonNull(lease, "lease");
    if (!lease.digest().equals(info.digest())) {
      throw new IllegalArgumentException("the lease is on another digest than the blob");
    }
  }

  public Digest digest() {
    return info.digest();
  }

  public long size() {
    return info.size();
  }

  @Override
  public void close() {
    lease.close();
  }
}

package io.galley.core.blob;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The port to content-addressed blob storage. A blob becomes visible under its digest only once all
 * its bytes are stored and hashed: a crash or a failed upload never leaves a partial blob readable.
 * Writes stream; no implementation holds a whole blob in memory.
 */
public interface BlobStore {

  /**
   * Stores the stream's bytes and returns their digest and size. Storing a blob twice keeps one
   * copy but refreshes its {@link StoredBlob#storedAt()}, so garbage collection counts its grace
   * period from the latest put. Nothing protects the blob from a collection at grace 0 once this
   * returns: a caller that goes on to reference it uses {@link #putLeased}.
   */
  default BlobInfo put(InputStream content) {
    try (LeasedBlob blob = putLeased(content, null)) {
      return blob.info();
    }
  }

  /**
   * As {@link #put(InputStream)}, but refuses with {@link io.galley.core.InvalidRequestException}
   * and stores nothing when the bytes do not hash to {@code expected}.
   */
  default BlobInfo put(InputStream content, Digest expected) {
    requireNonNull(expected, "expected");
    try (LeasedBlob blob = putLeased(content, expected)) {
      return blob.info();
    }
  }

  /**
   * As {@link #put(InputStream, Digest)} ({@code expected} may be null), holding the blob against
   * collection at any grace period until the returned lease is closed. The lease is taken before
   * the blob becomes visible or is refreshed, so no collection can delete it in between. Close it
   * once the reference to the blob is committed, or abandoned.
   */
  LeasedBlob putLeased(InputStream content, @Nullable Digest expected);

  /** The leases this store's writes hold, which its collector honours. */
  BlobLeases leases();

  /**
   * Deletes (or, when {@code dryRun}, only counts) what puts cut off by a crash or kill left
   * behind, such as temp files; never what a put still running, in any process, owns.
   */
  AbandonedUploads reclaimAbandonedUploads(boolean dryRun);

  Optional<BlobInfo> stat(Digest digest);

  /**
   * Reads {@code length} bytes from {@code offset} ({@code length < 0}: to the end). Throws {@link
   * io.galley.core.NotFoundException} when the blob does not exist and {@link
   * io.galley.core.InvalidRequestException} when the range starts past its end.
   */
  InputStream open(Digest digest, long offset, long length);

  /** Removes a blob; false when there was none. */
  boolean delete(Digest digest);

  /**
   * Every stored blob with the time it was last stored, in no particular order (for garbage
   * collection). Deleting blobs from inside {@code action} is allowed.
   */
  void forEach(Consumer<StoredBlob> action);
}

package io.galley.oci.registry;

import static java.util.Objects.requireNonNull;

import io.galley.oci.name.RepositoryName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A blob upload in progress. It lives in the metadata store and its chunks in the blob store, so it
 * survives a restart and any replica can continue it.
 */
public record UploadSession(
    UUID id, RepositoryName repository, Instant startedAt, List<UploadChunk> chunks) {
  public UploadSession {
    requireNonNull(id, "id");
    requireNonNull(repository, "repository");
    requireNonNull(startedAt, "startedAt");
    chunks = List.copyOf(chunks);
    long expected = 0;
    for (UploadChunk chunk : chunks) {
      if (chunk.offset() != expected) {
        throw new IllegalArgumentException("chunk at " + chunk.offset() + ", expected " + expected);
      }
      expected = chunk.end();
    }
  }

  /** Bytes received so far. */
  public long size() {
    return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end();
  }
}

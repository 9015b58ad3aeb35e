package io.galley.store.image.internal;

import static io.galley.store.image.internal.ImageRepositories.ID_BY_NAME;
import static io.galley.store.image.internal.ImageRepositories.deleteLocked;
import static io.galley.store.image.internal.ImageRepositories.findNamed;
import static io.galley.store.image.internal.ImageRepositories.lockOrCreateRepository;
import static io.galley.store.image.internal.ImageRepositories.lockRepository;
import static io.galley.store.image.internal.ImageRepositories.repositoryId;
import static io.galley.store.image.internal.ImageRepositories.selectNamed;
import static io.galley.store.image.internal.ImageRepositories.write;
import static java.util.Objects.requireNonNull;

import io.galley.core.blob.Digest;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.oci.registry.UploadChunk;
import io.galley.oci.registry.UploadSession;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The first layer of {@link JdbcImageRegistryStore}: blob links and upload sessions, that is which
 * blobs a repository holds and the chunks of the uploads in progress.
 */
abstract class ImageBlobs implements ImageRegistryStore {
  final Db db;

  ImageBlobs(Db db) {
    this.db = db;
  }

  @Override
  public void linkBlob(RepositoryName repository, Digest digest, long size, Instant at) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    requireNonNull(at, "at");
    write(
        db,
        h -> {
          link(h, lockOrCreateRepository(h, repository, at), digest, size, at);
          return null;
        });
  }

  /**
   * Links the blob, or renews an existing link's time: a blob pushed again is as young as its last
   * push for garbage collection, so a client that just re-sent it can still name it. Either way the
   * link awaits a manifest: a push that sends it names it last.
   */
  private static void link(Handle h, long repositoryId, Digest digest, long size, Instant at) {
    int renewed =
        h.execute(
            "UPDATE oci_blob_links SET linked_at = GREATEST(linked_at, ?), awaiting_manifest = TRUE"
                + " WHERE repository_id = ? AND digest = ?",
            at.toEpochMilli(),
            repositoryId,
            digest.hex());
    if (renewed == 0) {
      h.execute(
          "INSERT INTO oci_blob_links"
              + " (repository_id, digest, size_bytes, linked_at, awaiting_manifest)"
              + " SELECT ?, ?, ?, ?, TRUE WHERE NOT EXISTS (SELECT 1 FROM oci_blob_links"
              + " WHERE repository_id = ? AND digest = ?)",
          repositoryId,
          digest.hex(),
          size,
          at.toEpochMilli(),
          repositoryId,
          digest.hex());
    }
  }

  @Override
  public Optional<Long> linkedBlobSize(RepositoryName repository, Digest digest) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    return findNamed(
        db,
        "l.size_bytes",
        "oci_blob_links l",
        repository,
        " AND l.digest = ?",
        digest.hex(),
        Long.class);
  }

  @Override
  public boolean unlinkBlob(RepositoryName repository, Digest digest) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    return deleteLocked(db, repository, "oci_blob_links", "digest", digest.hex());
  }

  @Override
  public void createUpload(UploadSession session) {
    requireNonNull(session, "session");
    write(
        db,
        h -> {
          long repositoryId = lockOrCreateRepository(h, session.repository(), session.startedAt());
          boolean taken =
              h.createQuery("SELECT 1 FROM oci_uploads WHERE upload_id = ?")
                  .bind(0, session.id().toString())
                  .mapTo(Integer.class)
                  .findOne()
                  .isPresent();
          if (taken) {
            throw new IllegalStateException("Upload session " + session.id() + " already exists");
          }
          h.execute(
              "INSERT INTO oci_uploads (upload_id, repository_id, started_at, size_bytes)"
                  + " VALUES (?, ?, ?, ?)",
              session.id().toString(),
              repositoryId,
              session.startedAt().toEpochMilli(),
              session.size());
          for (UploadChunk chunk : session.chunks()) {
            insertChunk(h, session.id(), chunk);
          }
          return null;
        });
  }

  @Override
  public Optional<UploadSession> findUpload(RepositoryName repository, UUID id) {
    requireNonNull(repository, "repository");
    requireNonNull(id, "id");
    return db.inTransaction(h -> loadUpload(h, repository, id));
  }

  @Override
  public Optional<UploadSession> appendChunk(
      RepositoryName repository, UUID id, UploadChunk chunk) {
    requireNonNull(repository, "repository");
    requireNonNull(id, "id");
    requireNonNull(chunk, "chunk");
    return db.inTransaction(
        h -> {
          // The compare-and-set: of two appends at one offset, the second finds the size moved.
          int updated =
              h.execute(
                  "UPDATE oci_uploads SET size_bytes = size_bytes + ?"
                      + " WHERE upload_id = ? AND size_bytes = ? AND repository_id ="
                      + " ("
                      + ID_BY_NAME
                      + ")",
                  chunk.size(),
                  id.toString(),
                  chunk.offset(),
                  repository.value());
          if (updated == 0) {
            return Optional.empty();
          }
          insertChunk(h, id, chunk);
          return loadUpload(h, repository, id);
        });
  }

  @Override
  public boolean completeUpload(
      RepositoryName repository, UUID id, Digest digest, long size, Instant at) {
    requireNonNull(repository, "repository");
    requireNonNull(id, "id");
    requireNonNull(digest, "digest");
    requireNonNull(at, "at");
    return write(
        db,
        h -> {
          Optional<Long> repositoryId = lockRepository(h, repository);
          if (repositoryId.isEmpty() || !deleteUpload(h, repositoryId.get(), id)) {
            return false;
          }
          link(h, repositoryId.get(), digest, size, at);
          return true;
        });
  }

  @Override
  public boolean deleteUpload(RepositoryName repository, UUID id) {
    requireNonNull(repository, "repository");
    requireNonNull(id, "id");
    return db.inTransaction(
        h -> repositoryId(h, repository).map(r -> deleteUpload(h, r, id)).orElse(false));
  }

  /**
   * Deletes a session and its chunks; false when there was none. The session's row is locked first,
   * so that an append committing meanwhile has its chunk deleted too.
   */
  private static boolean deleteUpload(Handle h, long repositoryId, UUID id) {
    boolean exists =
        h.createQuery(
                "SELECT upload_id FROM oci_uploads WHERE upload_id = ? AND repository_id = ?"
                    + " FOR UPDATE")
            .bind(0, id.toString())
            .bind(1, repositoryId)
            .mapTo(String.class)
            .findOne()
            .isPresent();
    if (!exists) {
      return false;
    }
    h.execute("DELETE FROM oci_upload_chunks WHERE upload_id = ?", id.toString());
    h.execute("DELETE FROM oci_uploads WHERE upload_id = ?", id.toString());
    return true;
  }

  @Override
  public int deleteUploadsStartedBefore(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return db.inTransaction(
        h -> {
          List<String> ids =
              h.createQuery("SELECT upload_id FROM oci_uploads WHERE started_at < ? FOR UPDATE")
                  .bind(0, cutoff.toEpochMilli())
                  .mapTo(String.class)
                  .list();
          for (List<String> chunk : Rows.chunks(ids)) {
            for (String table : List.of("oci_upload_chunks", "oci_uploads")) {
              Sql sql =
                  new Sql()
                      .append("DELETE FROM " + table + " WHERE upload_id IN (")
                      .list(chunk)
                      .append(")");
              sql.bind(h.createUpdate(sql.text())).execute();
            }
          }
          return ids.size();
        });
  }

  private static void insertChunk(Handle h, UUID id, UploadChunk chunk) {
    h.execute(
        "INSERT INTO oci_upload_chunks (upload_id, chunk_offset, digest, size_bytes)"
            + " VALUES (?, ?, ?, ?)",
        id.toString(),
        chunk.offset(),
        chunk.digest().hex(),
        chunk.size());
  }

  private static Optional<UploadSession> loadUpload(Handle h, RepositoryName repository, UUID id) {
    Optional<Long> startedAt =
        selectNamed(h, "u.started_at", "oci_uploads u", repository, " AND u.upload_id = ?")
            .bind(1, id.toString())
            .mapTo(Long.class)
            .findOne();
    if (startedAt.isEmpty()) {
      return Optional.empty();
    }
    List<UploadChunk> chunks =
        h.createQuery(
                "SELECT chunk_offset, digest, size_bytes FROM oci_upload_chunks"
                    + " WHERE upload_id = ? ORDER BY chunk_offset")
            .bind(0, id.toString())
            .map(
                (rs, ctx) ->
                    new UploadChunk(rs.getLong(1), new Digest(rs.getString(2)), rs.getLong(3)))
            .list();
    return Optional.of(
        new UploadSession(id, repository, Instant.ofEpochMilli(startedAt.get()), chunks));
  }
}

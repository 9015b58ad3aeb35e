package io.galley.store.image.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.galley.core.ErrorCode;
import io.galley.core.GalleyException;
import io.galley.core.blob.Digest;
import io.galley.oci.OciErrorCode;
import io.galley.oci.OciException;
import io.galley.oci.name.RepositoryName;
import io.galley.oci.name.Tag;
import io.galley.oci.registry.ImageRegistryStore;
import io.galley.oci.registry.ManifestRecord;
import io.galley.oci.registry.UploadChunk;
import io.galley.oci.registry.UploadSession;
import io.galley.store.jdbc.internal.Db;
import io.galley.store.jdbc.internal.Rows;
import io.galley.store.jdbc.internal.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * {@link ImageRegistryStore} over the {@code oci_*} tables (see V4__oci_registry.sql). Times are
 * stored as epoch milliseconds, so instants come back truncated to the millisecond.
 *
 * <p>Every write to a repository's links, manifests or tags locks the repository's row first
 * ({@code SELECT ... FOR UPDATE}, creating the row when the write creates the repository), and the
 * garbage collection queries lock every repository's row. So a manifest's check that what it names
 * is in the repository, and its insert, never interleave with an unlink or a collection, and
 * inserts of one key never race: "insert if absent" is a plain {@code INSERT ... WHERE NOT EXISTS}
 * on both databases. The one race left is two transactions creating one repository: the loser fails
 * on the name's unique key and is run again, when it finds the winner's row.
 *
 * <p>An append to an upload does not lock the repository: it is a compare-and-set {@code UPDATE} of
 * the session's byte count, which the database serializes on the session's row.
 */
public final class JdbcImageRegistryStore implements ImageRegistryStore {
  private static final int ATTEMPTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> ANNOTATIONS = new TypeReference<>() {};
  private static final String MANIFEST_COLUMNS =
      "m.digest, m.media_type, m.size_bytes, m.artifact_type, m.subject_digest, m.annotations,"
          + " m.pushed_at";

  /** A repository with anything in it; {@code r} is its oci_repositories row. */
  private static final String NOT_EMPTY =
      "(EXISTS (SELECT 1 FROM oci_blob_links l WHERE l.repository_id = r.repository_id)"
          + " OR EXISTS (SELECT 1 FROM oci_manifests m WHERE m.repository_id = r.repository_id)"
          + " OR EXISTS (SELECT 1 FROM oci_uploads u WHERE u.repository_id = r.repository_id))";

  private final Db db;

  public JdbcImageRegistryStore(Jdbi jdbi) {
    this.db = new Db(requireNonNull(jdbi, "jdbi"));
  }

  // ---- repositories ------------------------------------------------------------------------

  @Override
  public boolean repositoryExists(RepositoryName repository) {
    requireNonNull(repository, "repository");
    return db.inTransaction(
        h ->
            h.createQuery("SELECT 1 FROM oci_repositories r WHERE r.name = ? AND " + NOT_EMPTY)
                .bind(0, repository.value())
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  @Override
  public List<RepositoryName> repositories(int limit, @Nullable String last) {
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Sql sql = new Sql().append("SELECT r.name FROM oci_repositories r WHERE " + NOT_EMPTY);
    if (last != null) {
      sql.append(" AND r.name > ?", last);
    }
    sql.append(" ORDER BY r.name FETCH FIRST ? ROWS ONLY", limit);
    return db.inTransaction(
        h ->
            sql.bind(h.createQuery(sql.text())).mapTo(String.class).map(RepositoryName::of).list());
  }

  // ---- blob links --------------------------------------------------------------------------

  @Override
  public void linkBlob(RepositoryName repository, Digest digest, long size, Instant at) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    requireNonNull(at, "at");
    write(
        h -> {
          link(h, lockOrCreateRepository(h, repository, at), digest, size, at);
          return null;
        });
  }

  /**
   * Links the blob, or renews an existing link's time: a blob pushed again is as young as its last
   * push for garbage collection, so a client that just re-sent it can still name it.
   */
  private static void link(Handle h, long repositoryId, Digest digest, long size, Instant at) {
    int renewed =
        h.execute(
            "UPDATE oci_blob_links SET linked_at = ?"
                + " WHERE repository_id = ? AND digest = ? AND linked_at < ?",
            at.toEpochMilli(),
            repositoryId,
            digest.hex(),
            at.toEpochMilli());
    if (renewed == 0) {
      h.execute(
          "INSERT INTO oci_blob_links (repository_id, digest, size_bytes, linked_at)"
              + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM oci_blob_links"
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
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT l.size_bytes FROM oci_blob_links l JOIN oci_repositories r"
                        + " ON r.repository_id = l.repository_id WHERE r.name = ? AND l.digest = ?")
                .bind(0, repository.value())
                .bind(1, digest.hex())
                .mapTo(Long.class)
                .findOne());
  }

  @Override
  public boolean unlinkBlob(RepositoryName repository, Digest digest) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    return write(
        h ->
            lockRepository(h, repository)
                .map(
                    id ->
                        h.execute(
                                "DELETE FROM oci_blob_links WHERE repository_id = ? AND digest = ?",
                                id,
                                digest.hex())
                            > 0)
                .orElse(false));
  }

  // ---- upload sessions ---------------------------------------------------------------------

  @Override
  public void createUpload(UploadSession session) {
    requireNonNull(session, "session");
    write(
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
                      + " (SELECT repository_id FROM oci_repositories WHERE name = ?)",
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
        h.createQuery(
                "SELECT u.started_at FROM oci_uploads u JOIN oci_repositories r"
                    + " ON r.repository_id = u.repository_id WHERE u.upload_id = ? AND r.name = ?")
            .bind(0, id.toString())
            .bind(1, repository.value())
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

  // ---- manifests and tags ------------------------------------------------------------------

  @Override
  public void putManifest(
      RepositoryName repository,
      ManifestRecord manifest,
      List<Digest> required,
      @Nullable Tag tag) {
    requireNonNull(repository, "repository");
    requireNonNull(manifest, "manifest");
    List<Digest> needed = List.copyOf(new LinkedHashSet<>(required));
    String annotations = annotationsJson(manifest.annotations());
    write(
        h -> {
          long repositoryId = lockOrCreateRepository(h, repository, manifest.pushedAt());
          Optional<Digest> missing = firstMissing(h, repositoryId, needed);
          if (missing.isPresent()) {
            throw new OciException(
                OciErrorCode.MANIFEST_BLOB_UNKNOWN,
                "Manifest "
                    + manifest.digest()
                    + " names the digest "
                    + missing.get()
                    + ", which is not in repository "
                    + repository
                    + ": push that blob or manifest to the repository first");
          }
          if (!manifestExists(h, repositoryId, manifest.digest())) {
            insertManifest(h, repositoryId, manifest, annotations);
          }
          if (tag != null) {
            pointTag(h, repositoryId, tag, manifest.digest(), manifest.pushedAt());
          }
          return null;
        });
  }

  /**
   * The first of {@code digests} that is neither a linked blob nor a manifest of the repository.
   */
  private static Optional<Digest> firstMissing(Handle h, long repositoryId, List<Digest> digests) {
    Set<String> found = new HashSet<>();
    for (List<Digest> chunk : Rows.chunks(digests)) {
      List<String> hexes = chunk.stream().map(Digest::hex).toList();
      Sql sql =
          new Sql()
              .append("SELECT digest FROM oci_blob_links WHERE repository_id = ?", repositoryId)
              .append(" AND digest IN (")
              .list(hexes)
              .append(
                  ") UNION SELECT digest FROM oci_manifests WHERE repository_id = ?", repositoryId)
              .append(" AND digest IN (")
              .list(hexes)
              .append(")");
      found.addAll(sql.bind(h.createQuery(sql.text())).mapTo(String.class).list());
    }
    return digests.stream().filter(d -> !found.contains(d.hex())).findFirst();
  }

  private static boolean manifestExists(Handle h, long repositoryId, Digest digest) {
    return h.createQuery("SELECT 1 FROM oci_manifests WHERE repository_id = ? AND digest = ?")
        .bind(0, repositoryId)
        .bind(1, digest.hex())
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  private static void insertManifest(
      Handle h, long repositoryId, ManifestRecord m, @Nullable String annotations) {
    h.execute(
        "INSERT INTO oci_manifests (repository_id, digest, media_type, size_bytes, artifact_type,"
            + " subject_digest, annotations, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        repositoryId,
        m.digest().hex(),
        m.mediaType(),
        m.size(),
        m.artifactType(),
        m.subject() == null ? null : m.subject().hex(),
        annotations,
        m.pushedAt().toEpochMilli());
    if (m.references().isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO oci_manifest_refs (repository_id, manifest_digest, ref_index,"
                + " referenced_digest) VALUES (?, ?, ?, ?)");
    for (int i = 0; i < m.references().size(); i++) {
      batch
          .bind(0, repositoryId)
          .bind(1, m.digest().hex())
          .bind(2, i)
          .bind(3, m.references().get(i).hex())
          .add();
    }
    batch.execute();
  }

  /** Points the tag at the manifest: one UPDATE when it exists, else an INSERT. */
  private static void pointTag(Handle h, long repositoryId, Tag tag, Digest digest, Instant at) {
    int moved =
        h.execute(
            "UPDATE oci_tags SET manifest_digest = ?, updated_at = ?"
                + " WHERE repository_id = ? AND tag = ?",
            digest.hex(),
            at.toEpochMilli(),
            repositoryId,
            tag.value());
    if (moved == 0) {
      h.execute(
          "INSERT INTO oci_tags (repository_id, tag, manifest_digest, updated_at)"
              + " VALUES (?, ?, ?, ?)",
          repositoryId,
          tag.value(),
          digest.hex(),
          at.toEpochMilli());
    }
  }

  @Override
  public Optional<ManifestRecord> findManifest(RepositoryName repository, Digest digest) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    return manifestsWhere(repository, new Sql().append(" AND m.digest = ?", digest.hex())).stream()
        .findFirst();
  }

  @Override
  public Optional<Digest> resolveTag(RepositoryName repository, Tag tag) {
    requireNonNull(repository, "repository");
    requireNonNull(tag, "tag");
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT t.manifest_digest FROM oci_tags t JOIN oci_repositories r"
                        + " ON r.repository_id = t.repository_id WHERE r.name = ? AND t.tag = ?")
                .bind(0, repository.value())
                .bind(1, tag.value())
                .mapTo(String.class)
                .map(Digest::new)
                .findOne());
  }

  @Override
  public List<Tag> tags(RepositoryName repository, int limit, @Nullable String last) {
    requireNonNull(repository, "repository");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Sql sql =
        new Sql()
            .append(
                "SELECT t.tag FROM oci_tags t JOIN oci_repositories r"
                    + " ON r.repository_id = t.repository_id WHERE r.name = ?",
                repository.value());
    if (last != null) {
      sql.append(" AND t.tag > ?", last);
    }
    sql.append(" ORDER BY t.tag FETCH FIRST ? ROWS ONLY", limit);
    return db.inTransaction(
        h -> sql.bind(h.createQuery(sql.text())).mapTo(String.class).map(Tag::of).list());
  }

  @Override
  public List<Tag> tagsOf(RepositoryName repository, Digest manifest) {
    requireNonNull(repository, "repository");
    requireNonNull(manifest, "manifest");
    return db.inTransaction(
        h ->
            h.createQuery(
                    "SELECT t.tag FROM oci_tags t JOIN oci_repositories r"
                        + " ON r.repository_id = t.repository_id"
                        + " WHERE r.name = ? AND t.manifest_digest = ? ORDER BY t.tag")
                .bind(0, repository.value())
                .bind(1, manifest.hex())
                .mapTo(String.class)
                .map(Tag::of)
                .list());
  }

  @Override
  public boolean deleteManifest(RepositoryName repository, Digest digest) {
    requireNonNull(repository, "repository");
    requireNonNull(digest, "digest");
    return write(
        h -> {
          Optional<Long> repositoryId = lockRepository(h, repository);
          if (repositoryId.isEmpty()) {
            return false;
          }
          long id = repositoryId.get();
          h.execute(
              "DELETE FROM oci_tags WHERE repository_id = ? AND manifest_digest = ?",
              id,
              digest.hex());
          h.execute(
              "DELETE FROM oci_manifest_refs WHERE repository_id = ? AND manifest_digest = ?",
              id,
              digest.hex());
          return h.execute(
                  "DELETE FROM oci_manifests WHERE repository_id = ? AND digest = ?",
                  id,
                  digest.hex())
              > 0;
        });
  }

  @Override
  public boolean deleteTag(RepositoryName repository, Tag tag) {
    requireNonNull(repository, "repository");
    requireNonNull(tag, "tag");
    return write(
        h ->
            lockRepository(h, repository)
                .map(
                    id ->
                        h.execute(
                                "DELETE FROM oci_tags WHERE repository_id = ? AND tag = ?",
                                id,
                                tag.value())
                            > 0)
                .orElse(false));
  }

  @Override
  public List<ManifestRecord> referrers(
      RepositoryName repository, Digest subject, @Nullable String artifactType) {
    requireNonNull(repository, "repository");
    requireNonNull(subject, "subject");
    Sql condition = new Sql().append(" AND m.subject_digest = ?", subject.hex());
    if (artifactType != null) {
      condition.append(" AND m.artifact_type = ?", artifactType);
    }
    return manifestsWhere(repository, condition.append(" ORDER BY m.pushed_at, m.digest"));
  }

  /**
   * The repository's manifests that {@code condition} (SQL after the repository's own {@code
   * WHERE}, starting with {@code AND}) selects; none when the repository does not exist.
   */
  private List<ManifestRecord> manifestsWhere(RepositoryName repository, Sql condition) {
    return db.inTransaction(
        h -> {
          Optional<Long> repositoryId = repositoryId(h, repository);
          if (repositoryId.isEmpty()) {
            return List.of();
          }
          Sql sql =
              new Sql()
                  .append(
                      "SELECT "
                          + MANIFEST_COLUMNS
                          + " FROM oci_manifests m WHERE m.repository_id = ?",
                      repositoryId.get())
                  .append(condition);
          return manifests(h, repositoryId.get(), sql);
        });
  }

  /** The manifests the query selects ({@link #MANIFEST_COLUMNS}), in its order, with references. */
  private static List<ManifestRecord> manifests(Handle h, long repositoryId, Sql query) {
    record Row(
        String digest,
        String mediaType,
        long size,
        @Nullable String artifactType,
        @Nullable String subject,
        @Nullable String annotations,
        long pushedAt) {}
    List<Row> rows =
        query
            .bind(h.createQuery(query.text()))
            .map(
                (rs, ctx) ->
                    new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7)))
            .list();
    Map<String, List<Digest>> references = new HashMap<>();
    List<String> digests = rows.stream().map(Row::digest).toList();
    for (List<String> chunk : Rows.chunks(digests)) {
      Rows.forEach(
          h,
          new Sql()
              .append(
                  "SELECT manifest_digest, referenced_digest FROM oci_manifest_refs"
                      + " WHERE repository_id = ?",
                  repositoryId)
              .append(" AND manifest_digest IN (")
              .list(chunk)
              .append(") ORDER BY manifest_digest, ref_index"),
          rs ->
              references
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Digest(rs.getString(2))));
    }
    List<ManifestRecord> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new ManifestRecord(
              new Digest(r.digest()),
              r.mediaType(),
              r.size(),
              r.artifactType(),
              r.subject() == null ? null : new Digest(r.subject()),
              parseAnnotations(r.annotations()),
              references.getOrDefault(r.digest(), List.of()),
              Instant.ofEpochMilli(r.pushedAt())));
    }
    return out;
  }

  // ---- garbage collection ------------------------------------------------------------------

  @Override
  public int deleteUntaggedManifests(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return db.inTransaction(
        h -> {
          lockAllRepositories(h);
          int deleted = 0;
          while (true) {
            record Key(long repositoryId, String digest) {}
            List<Key> doomed =
                h.createQuery(
                        "SELECT m.repository_id, m.digest FROM oci_manifests m"
                            + " WHERE m.pushed_at < ?"
                            + " AND NOT EXISTS (SELECT 1 FROM oci_tags t"
                            + " WHERE t.repository_id = m.repository_id"
                            + " AND t.manifest_digest = m.digest)"
                            + " AND NOT EXISTS (SELECT 1 FROM oci_manifest_refs f"
                            + " WHERE f.repository_id = m.repository_id"
                            + " AND f.referenced_digest = m.digest)"
                            + " AND (m.subject_digest IS NULL OR NOT EXISTS (SELECT 1"
                            + " FROM oci_manifests s WHERE s.repository_id = m.repository_id"
                            + " AND s.digest = m.subject_digest))")
                    .bind(0, cutoff.toEpochMilli())
                    .map((rs, ctx) -> new Key(rs.getLong(1), rs.getString(2)))
                    .list();
            if (doomed.isEmpty()) {
              return deleted;
            }
            // References first: they point at the manifests (and keep children alive).
            for (String table : List.of("oci_manifest_refs", "oci_manifests")) {
              String column = table.equals("oci_manifests") ? "digest" : "manifest_digest";
              PreparedBatch batch =
                  h.prepareBatch(
                      "DELETE FROM " + table + " WHERE repository_id = ? AND " + column + " = ?");
              for (Key k : doomed) {
                batch.bind(0, k.repositoryId()).bind(1, k.digest()).add();
              }
              batch.execute();
            }
            deleted += doomed.size();
          }
        });
  }

  @Override
  public int unlinkUnreferencedBlobs(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return db.inTransaction(
        h -> {
          lockAllRepositories(h);
          int unlinked =
              h.execute(
                  "DELETE FROM oci_blob_links l WHERE l.linked_at < ?"
                      + " AND NOT EXISTS (SELECT 1 FROM oci_manifest_refs f"
                      + " WHERE f.repository_id = l.repository_id"
                      + " AND f.referenced_digest = l.digest)"
                      + " AND NOT EXISTS (SELECT 1 FROM oci_manifests m"
                      + " WHERE m.repository_id = l.repository_id AND m.digest = l.digest)",
                  cutoff.toEpochMilli());
          h.execute(
              "DELETE FROM oci_repositories r WHERE NOT "
                  + NOT_EMPTY
                  + " AND NOT EXISTS (SELECT 1 FROM oci_tags t"
                  + " WHERE t.repository_id = r.repository_id)");
          return unlinked;
        });
  }

  @Override
  public void forEachReferencedDigest(Consumer<Digest> action) {
    requireNonNull(action, "action");
    // A transaction, so that PostgreSQL's driver streams by the fetch size instead of loading all.
    db.useTransaction(
        h ->
            h.createQuery(
                    "SELECT digest FROM oci_blob_links"
                        + " UNION ALL SELECT digest FROM oci_manifests"
                        + " UNION ALL SELECT referenced_digest FROM oci_manifest_refs"
                        + " UNION ALL SELECT digest FROM oci_upload_chunks")
                .setFetchSize(1000)
                .mapTo(String.class)
                .forEach(hex -> action.accept(new Digest(hex))));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * A write transaction. Two writers creating one repository both insert its row; the loser fails
   * on the unique name and, run again, finds and locks the winner's row.
   */
  private <T> T write(HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        return db.inTransaction(callback);
      } catch (Db.UniqueViolation e) {
        if (attempt >= ATTEMPTS) {
          throw new GalleyException(
              ErrorCode.TEMPORARILY_UNAVAILABLE,
              "Concurrent writes to the registry kept conflicting; retry",
              e);
        }
      }
    }
  }

  private static Optional<Long> repositoryId(Handle h, RepositoryName repository) {
    return selectRepository(h, repository, "");
  }

  /** Locks the repository's row for the transaction; empty when there is no such repository. */
  private static Optional<Long> lockRepository(Handle h, RepositoryName repository) {
    return selectRepository(h, repository, " FOR UPDATE");
  }

  private static Optional<Long> selectRepository(
      Handle h, RepositoryName repository, String lockClause) {
    return h.createQuery("SELECT repository_id FROM oci_repositories WHERE name = ?" + lockClause)
        .bind(0, repository.value())
        .mapTo(Long.class)
        .findOne();
  }

  /** Locks the repository's row, inserting it (locked until commit) when there is none. */
  private static long lockOrCreateRepository(Handle h, RepositoryName repository, Instant at) {
    Optional<Long> id = lockRepository(h, repository);
    if (id.isPresent()) {
      return id.get();
    }
    return h.createUpdate("INSERT INTO oci_repositories (name, created_at) VALUES (?, ?)")
        .bind(0, repository.value())
        .bind(1, at.toEpochMilli())
        .executeAndReturnGeneratedKeys("repository_id")
        .mapTo(Long.class)
        .one();
  }

  /** Garbage collection's lock: every repository's row, in one order so collectors queue. */
  private static void lockAllRepositories(Handle h) {
    h.createQuery("SELECT repository_id FROM oci_repositories ORDER BY repository_id FOR UPDATE")
        .mapTo(Long.class)
        .list();
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " is negative");
    }
  }

  private static @Nullable String annotationsJson(Map<String, String> annotations) {
    if (annotations.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(new TreeMap<>(annotations));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is JSON", e);
    }
  }

  private static Map<String, String> parseAnnotations(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, ANNOTATIONS);
    } catch (JsonProcessingException e) {
      throw new GalleyException(
          ErrorCode.INTERNAL_ERROR, "Stored manifest annotations are not JSON: " + json, e);
    }
  }
}

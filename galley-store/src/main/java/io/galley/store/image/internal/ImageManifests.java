package io.galley.store.image.internal;

import static io.galley.store.image.internal.ImageRepositories.checkLimit;
import static io.galley.store.image.internal.ImageRepositories.deleteLocked;
import static io.galley.store.image.internal.ImageRepositories.findNamed;
import static io.galley.store.image.internal.ImageRepositories.lockOrCreateRepository;
import static io.galley.store.image.internal.ImageRepositories.lockRepository;
import static io.galley.store.image.internal.ImageRepositories.repositoryId;
import static io.galley.store.image.internal.ImageRepositories.rowsNamed;
import static io.galley.store.image.internal.ImageRepositories.selectNamed;
import static io.galley.store.image.internal.ImageRepositories.write;
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
import io.galley.oci.registry.ManifestRecord;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * The second layer of {@link JdbcImageRegistryStore}: manifests with their references and
 * annotations, the tags that point at them, and the referrers of a subject.
 */
abstract class ImageManifests extends ImageBlobs {
  ImageManifests(Db db) {
    super(db);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TypeReference<Map<String, String>> ANNOTATIONS = new TypeReference<>() {};

  private static final String MANIFEST_COLUMNS =
      "m.digest, m.media_type, m.size_bytes, m.artifact_type, m.subject_digest, m.annotations,"
          + " m.pushed_at";

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
        db,
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
          // Pushed by digest alone, it may be an index's child whose index comes next.
          boolean awaiting = tag == null;
          if (!manifestExists(h, repositoryId, manifest.digest())) {
            insertManifest(h, repositoryId, manifest, annotations, awaiting);
          } else {
            h.execute(
                "UPDATE oci_manifests SET awaiting_reference = ?"
                    + " WHERE repository_id = ? AND digest = ?",
                awaiting,
                repositoryId,
                manifest.digest().hex());
          }
          markNamed(h, repositoryId, needed);
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

  /**
   * The links and manifests a manifest names no longer await a name: registry gc treats them by its
   * grace period alone.
   */
  private static void markNamed(Handle h, long repositoryId, List<Digest> digests) {
    for (List<Digest> chunk : Rows.chunks(digests)) {
      List<String> hexes = chunk.stream().map(Digest::hex).toList();
      for (String update :
          List.of(
              "UPDATE oci_blob_links SET awaiting_manifest = FALSE"
                  + " WHERE repository_id = ? AND awaiting_manifest AND digest IN (",
              "UPDATE oci_manifests SET awaiting_reference = FALSE"
                  + " WHERE repository_id = ? AND awaiting_reference AND digest IN (")) {
        Sql sql = new Sql().append(update, repositoryId).list(hexes).append(")");
        sql.bind(h.createUpdate(sql.text())).execute();
      }
    }
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
      Handle h,
      long repositoryId,
      ManifestRecord m,
      @Nullable String annotations,
      boolean awaitingReference) {
    h.execute(
        "INSERT INTO oci_manifests (repository_id, digest, media_type, size_bytes, artifact_type,"
            + " subject_digest, annotations, pushed_at, awaiting_reference)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        repositoryId,
        m.digest().hex(),
        m.mediaType(),
        m.size(),
        m.artifactType(),
        m.subject() == null ? null : m.subject().hex(),
        annotations,
        m.pushedAt().toEpochMilli(),
        awaitingReference);
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
    return findNamed(
            db,
            "t.manifest_digest",
            "oci_tags t",
            repository,
            " AND t.tag = ?",
            tag.value(),
            String.class)
        .map(Digest::new);
  }

  @Override
  public List<Tag> tags(RepositoryName repository, int limit, @Nullable String last) {
    requireNonNull(repository, "repository");
    checkLimit(limit);
    if (limit == 0) {
      return List.of();
    }
    Sql sql = new Sql().append("SELECT t.tag FROM " + rowsNamed("oci_tags t"), repository.value());
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
            selectNamed(
                    h,
                    "t.tag",
                    "oci_tags t",
                    repository,
                    " AND t.manifest_digest = ? ORDER BY t.tag")
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
        db,
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
    return deleteLocked(db, repository, "oci_tags", "tag", tag.value());
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
